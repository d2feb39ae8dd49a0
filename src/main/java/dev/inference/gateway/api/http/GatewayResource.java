package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.GatewayMapper;
import dev.inference.gateway.api.contract.MergePatchBody;
import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.GatewaySpecDto;
import dev.inference.gateway.api.render.ChunkedBody;
import dev.inference.gateway.api.render.ListBodies;
import dev.inference.gateway.api.render.RenderedGateways;
import dev.inference.gateway.api.render.RenderedJson;
import dev.inference.gateway.api.render.WatchBodies;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.security.CurrentCaller;
import dev.inference.gateway.security.Roles;
import dev.inference.gateway.service.GatewayReadService;
import dev.inference.gateway.service.GatewayWriteService;
import dev.inference.gateway.service.ListQuery;
import dev.inference.gateway.service.SpecChange;
import dev.inference.gateway.service.watch.WatchService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** The operations of {@link GatewayApi}: who may call each, one service call, the answer. */
public class GatewayResource implements GatewayApi {
    private final GatewayReadService reads;
    private final GatewayWriteService service;
    private final WatchService watches;
    private final ListBodies lists;
    private final WatchBodies watchBodies;
    private final RenderedGateways rendered;
    private final CurrentCaller caller;

    GatewayResource(GatewayReadService reads, GatewayWriteService service, WatchService watches, ListBodies lists,
            WatchBodies watchBodies, RenderedGateways rendered, CurrentCaller caller) {
        this.reads = reads;
        this.service = service;
        this.watches = watches;
        this.lists = lists;
        this.watchBodies = watchBodies;
        this.rendered = rendered;
        this.caller = caller;
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.create")
    public Uni<RestResponse<GatewayResponse>> createGateway(GatewaySpecDto body) {
        return service.createGateway(caller.organizationId(), GatewayMapper.requestedId(body), body.desired())
                .map(created -> answer(created.gateway()));
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("gateways.list")
    public Uni<ChunkedBody> listGateways(Instant updatedAfter, Integer pageSize, String pageToken, String watch,
            String resourceVersion, String accept, String lastEventId) {
        String organization = caller.organizationId();
        if (Negotiation.watch(watch)) {
            WatchBodies.Format format = Negotiation.watchFormat(accept);
            // An EventSource that reconnects sends the id of the last event it got: resume from there.
            String from = resourceVersion != null ? resourceVersion
                    : format == WatchBodies.Format.SSE ? lastEventId : null;
            return watches.watch(organization, from).map(events -> watchBodies.watch(events, format));
        }
        Negotiation.requireJsonList(accept);
        ListQuery query = new ListQuery(updatedAfter, pageSize, pageToken);
        return Uni.createFrom().item(lists.list(known -> reads.listGateways(organization, query, known)));
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("gateways.get")
    public Uni<RestResponse<RenderedJson>> getGateway(UUID id, String ifNoneMatch) {
        return reads.getGateway(caller.organizationId(), id)
                .map(g -> (ifNoneMatch != null && ETags.matches(ifNoneMatch, g.version())
                        ? RestResponse.ResponseBuilder.<RenderedJson>create(RestResponse.Status.NOT_MODIFIED)
                        : RestResponse.ResponseBuilder.ok(rendered.answer(g)))
                        .header(HttpHeaders.ETAG, ETags.of(g.version())).build());
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.update")
    public Uni<RestResponse<GatewayResponse>> updateGateway(UUID id, String ifMatch, GatewaySpecDto body) {
        GatewayMapper.requireSameId(id, body.id());
        return service.updateGateway(caller.organizationId(), id,
                new SpecChange.Replace(body.desired()), ifMatch).map(GatewayResource::answer);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.update")
    public Uni<RestResponse<GatewayResponse>> mergePatchGateway(UUID id, String ifMatch, MergePatchBody patch) {
        GatewayMapper.requireSameId(id, patch.id());
        return service.updateGateway(caller.organizationId(), id, new SpecChange.Patch(patch::applyTo), ifMatch).map(GatewayResource::answer);
    }

    @Override
    @RolesAllowed(Roles.ADMIN)
    @Action("gateways.delete")
    public Uni<RestResponse<GatewayResponse>> deleteGateway(UUID id, String ifMatch) {
        return service.deleteGateway(caller.organizationId(), id, ifMatch).map(GatewayResource::answer);
    }

    private static RestResponse<GatewayResponse> answer(Gateway g) {
        return RestResponse.ResponseBuilder.ok(new GatewayResponse(GatewayMapper.toDto(g)))
                .header(HttpHeaders.ETAG, ETags.of(g.version())).build();
    }
}
