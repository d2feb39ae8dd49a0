package dev.inference.gateway.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inference.gateway.api.contract.GatewayMapper;
import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.RevisionListResponse;
import dev.inference.gateway.api.contract.RollbackRequest;
import dev.inference.gateway.api.contract.StrictJsonReader;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.Revision;
import dev.inference.gateway.rollout.policy.RolloutActions;
import dev.inference.gateway.security.CurrentCaller;
import dev.inference.gateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** The operations of {@link RolloutApi}: who may call each, one service call, the answer. */
public class RolloutResource implements RolloutApi {
    static final int MAX_REVISIONS_PAGE = 1000;

    private final RolloutActions actions;
    private final CurrentCaller caller;
    private final StrictJsonReader reader;

    RolloutResource(RolloutActions actions, CurrentCaller caller, ObjectMapper mapper) {
        this.actions = actions;
        this.caller = caller;
        this.reader = new StrictJsonReader(mapper);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.pauseRollout")
    public Uni<RestResponse<GatewayResponse>> pauseRollout(UUID id, String ifMatch) {
        return actions.pauseRollout(caller.organizationId(), id, ifMatch).map(RolloutResource::answer);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.resumeRollout")
    public Uni<RestResponse<GatewayResponse>> resumeRollout(UUID id, String ifMatch) {
        return actions.resumeRollout(caller.organizationId(), id, ifMatch).map(RolloutResource::answer);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.abortRollout")
    public Uni<RestResponse<GatewayResponse>> abortRollout(UUID id, String ifMatch) {
        return actions.abortRollout(caller.organizationId(), id, ifMatch).map(RolloutResource::answer);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.rollback")
    public Uni<RestResponse<GatewayResponse>> rollback(UUID id, String ifMatch, String type, byte[] body) {
        Long revision = null;
        if (body != null && body.length > 0) {
            if (type == null || !MediaType.valueOf(type).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                throw new NotSupportedException();
            }
            revision = reader.read(body, RollbackRequest.class).value().revision();
            if (revision != null && revision < 1) {
                throw new InvalidArgumentException("revision", "must be a revision number (1 or more)");
            }
        }
        return actions.rollback(caller.organizationId(), id, revision, ifMatch).map(RolloutResource::answer);
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("gateways.listRevisions")
    public Uni<RevisionListResponse> listRevisions(UUID id, Integer pageSize, String pageToken) {
        int size = pageSize == null || pageSize == 0 ? MAX_REVISIONS_PAGE : pageSize;
        if (size < 0) {
            throw new InvalidArgumentException("pageSize", "must not be negative");
        }
        int limit = Math.min(size, MAX_REVISIONS_PAGE);
        long before = pageToken == null || pageToken.isEmpty() ? Long.MAX_VALUE : decode(pageToken);
        String organization = caller.organizationId();
        return actions.listRevisions(organization, id, before, limit + 1).map(page -> {
            List<Revision> shown = page.size() > limit ? page.subList(0, limit) : page;
            String next = page.size() > limit ? encode(shown.get(shown.size() - 1).revision()) : null;
            return new RevisionListResponse(shown.stream()
                    .map(r -> GatewayMapper.toDto(id, organization, r)).toList(), next);
        });
    }

    private static String encode(long revision) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r" + revision)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!text.startsWith("r")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("pageToken", "is not a token this service answered");
        }
    }

    private static RestResponse<GatewayResponse> answer(Gateway g) {
        return RestResponse.ResponseBuilder.ok(new GatewayResponse(GatewayMapper.toDto(g)))
                .header(HttpHeaders.ETAG, ETags.of(g.version())).build();
    }
}
