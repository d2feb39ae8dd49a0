package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.audit.AuditContext;
import dev.inference.gateway.audit.AuditDraft;
import dev.inference.gateway.audit.AuditedWork;
import dev.inference.gateway.security.Caller;
import dev.inference.gateway.service.quota.RequestRate;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * What every operation goes through around its resource method: its audit facts are noted as it arrives; its caller
 * is proved and charged a token of its organization's request rate (429 before any database work); and a refusal
 * (401, 403, 429, and 400 or 409 on a write) is recorded in the audit once its answer is made.
 */
public class AuditFilters {
    private static final Logger LOG = Logger.getLogger(AuditFilters.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Map<Method, String> ACTIONS = new ConcurrentHashMap<>();

    private final AuditContext audit;
    private final AuditedWork audited;
    private final RequestRate rate;
    private final CurrentIdentityAssociation identity;

    AuditFilters(AuditContext audit, AuditedWork audited, RequestRate rate, CurrentIdentityAssociation identity) {
        this.audit = audit;
        this.audited = audited;
        this.rate = rate;
        this.identity = identity;
    }

    @ServerRequestFilter(priority = 2)
    public void arrived(ContainerRequestContext request, SimpleResourceInfo resource, HttpServerRequest http) {
        note(request, resource, http);
    }

    private void note(ContainerRequestContext request, SimpleResourceInfo resource, HttpServerRequest http) {
        String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String userAgent = http.getHeader("User-Agent");
        audit.arrived((String) request.getProperty(RequestIdFilter.HEADER), action(resource),
                new AuditDraft.Source(ip, userAgent == null ? null : truncate(userAgent, 256)));
    }

    /** Proves the caller (a bearer token that fails answers 401 here) and takes a token of its rate. */
    @ServerRequestFilter(priority = 3)
    public Uni<Void> admitted(ContainerRequestContext request) {
        return identity.getDeferredIdentity().invoke(proved -> {
            Caller caller = caller(proved);
            if (caller != null) {
                audit.authenticated(caller);
                rate.admit(caller.organizationId());
            }
        }).replaceWithVoid();
    }

    /**
     * Records a refusal. The request filters may not have run (a role check refuses before them), so the facts are
     * noted here if they were not.
     */
    @ServerResponseFilter
    public Uni<Void> refused(ContainerRequestContext request, ContainerResponseContext response,
            SimpleResourceInfo resource, HttpServerRequest http) {
        int status = response.getStatus();
        boolean write = !READS.contains(request.getMethod());
        boolean refused = status == 401 || status == 403 || status == 429 || write && (status == 400 || status == 409);
        if (!refused || resource == null || resource.getResourceClass() == null) {
            return Uni.createFrom().voidItem();
        }
        if (audit.action() == null) {
            note(request, resource, http);
        }
        ErrorBody error = response.getEntity() instanceof ErrorBody body ? body : null;
        AuditDraft.Outcome outcome = new AuditDraft.Outcome(error == null ? 0 : error.code(), status,
                error == null ? null : error.message());
        UUID gatewayId = gatewayId(request);
        Uni<Caller> caller = status == 401 || audit.caller() != null
                ? Uni.createFrom().item(audit.caller())
                : identity.getDeferredIdentity().map(AuditFilters::caller).onFailure().recoverWithNull();
        return caller.chain(proved -> {
            audit.authenticated(status == 401 ? null : proved);
            return audited.refused(audit.facts(), gatewayId, outcome);
        }).onFailure().recoverWithUni(failure -> {
            LOG.warnf("could not record a refused request in the audit: %s", failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private static Caller caller(SecurityIdentity proved) {
        return proved == null || proved.isAnonymous() ? null : proved.getAttribute(Caller.ATTRIBUTE);
    }

    private static String action(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        try {
            Method method = resource.getResourceClass().getMethod(resource.getMethodName(),
                    resource.parameterTypes());
            return ACTIONS.computeIfAbsent(method, m -> {
                Action action = m.getAnnotation(Action.class);
                return action == null ? "" : action.value();
            });
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static UUID gatewayId(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
