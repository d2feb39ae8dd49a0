package dev.inference.gateway.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The operator's console: static files under {@code META-INF/resources/console/}, a client of the public API like
 * any other (it sends the user's bearer token; the files themselves need none). This adds what static files cannot:
 * {@code /console} redirects to {@code /console/}; every console answer carries a strict Content-Security-Policy
 * (its own scripts and styles, calls to its own origin only) and is revalidated on each load; and
 * {@code /console/sign-in-options.json} says which tokens the sign-in page may offer ({@link ConsoleSignInOptions}).
 */
@ApplicationScoped
public class ConsoleRoutes {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final ConsoleSignInOptions signIn;

    ConsoleRoutes(ConsoleSignInOptions signIn) {
        this.signIn = signIn;
    }

    void install(@Observes Router router) {
        router.get("/console").order(-100).handler(this::redirect);
        router.route("/console/*").order(-100).handler(this::headers);
        router.get("/console/sign-in-options.json").order(-99).handler(this::signInOptions);
    }

    void redirect(RoutingContext context) {
        if (!"/console".equals(context.request().path())) { // Vert.x matches /console/ here too
            context.next();
            return;
        }
        String query = context.request().query();
        context.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, "/console/" + (query == null ? "" : "?" + query))
                .end();
    }

    void headers(RoutingContext context) {
        context.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        context.next();
    }

    void signInOptions(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(signIn.json());
    }
}
