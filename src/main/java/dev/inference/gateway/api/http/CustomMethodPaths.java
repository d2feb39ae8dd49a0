package dev.inference.gateway.api.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Custom methods ({@code POST /gateways/{id}:pauseRollout}, as Google APIs name them) reached with the colon
 * percent-encoded ({@code %3A}), as some HTTP clients send it: the request is routed as if the colon were literal, so
 * that it reaches the method instead of being answered 405 by the gateway's own path.
 */
@ApplicationScoped
public class CustomMethodPaths {
    private static final Pattern ENCODED_VERB = Pattern.compile("(/v1alpha1/inference/gateways/[^/]+)%3[Aa]([A-Za-z]+)$");

    void install(@Observes Router router) {
        router.route().order(-150).handler(this::decodeVerb);
    }

    void decodeVerb(RoutingContext context) {
        String path = context.request().path();
        if (path != null && path.indexOf('%') > 0) {
            var verb = ENCODED_VERB.matcher(path);
            if (verb.matches()) {
                String query = context.request().query();
                context.reroute(verb.group(1) + ":" + verb.group(2) + (query == null ? "" : "?" + query));
                return;
            }
        }
        context.next();
    }
}
