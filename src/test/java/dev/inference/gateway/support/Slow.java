package dev.inference.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the full suite only: {@code ./mvnw verify} leaves it out to stay within about five minutes on two cores,
 * {@code ./mvnw verify -Dfull} (what CI runs) includes it. It marks tests whose cost is their point: lists and
 * histories of tens of thousands of gateways, two workers or replicas racing, a database taken away, fault-injecting
 * and second-driver profiles (each its own boot), bakes measured in seconds, the API suites repeated against the
 * packaged jar, and the browser. What stays in the quick suite covers every operation of the contract, the rollout
 * engine and the README's walk-through against the packaged jar.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
    String TAG = "slow";
}
