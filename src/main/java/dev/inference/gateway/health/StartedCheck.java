package dev.inference.gateway.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup probe: UP once the application has started, which in production means Flyway has migrated the
 * schema (a failed migration aborts the start).
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("application-started").status(started).build();
    }
}
