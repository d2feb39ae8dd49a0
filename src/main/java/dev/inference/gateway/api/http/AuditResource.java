package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.DomainVerificationResponse;
import dev.inference.gateway.service.hosts.DomainVerifications;

import dev.inference.gateway.api.contract.AuditEventListResponse;
import dev.inference.gateway.api.contract.CallerResponse;
import dev.inference.gateway.api.contract.ContractValues;
import dev.inference.gateway.api.contract.QuotaResponse;
import dev.inference.gateway.api.render.AuditEvents;
import dev.inference.gateway.api.render.ChunkedBody;
import dev.inference.gateway.audit.AuditQuery;
import dev.inference.gateway.audit.AuditReader;
import dev.inference.gateway.audit.StoredEvent;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.security.Caller;
import dev.inference.gateway.security.CurrentCaller;
import dev.inference.gateway.security.Roles;
import dev.inference.gateway.service.quota.QuotaService;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The operations of {@link AuditApi}: the caller, its organization's audit events and quotas. */
public class AuditResource implements AuditApi {
    static final int MAX_PAGE = 1000;
    static final int DEFAULT_PAGE = 100;

    private final AuditReader reader;
    private final QuotaService quotas;
    private final CurrentCaller caller;

    private final DomainVerifications domains;

    AuditResource(AuditReader reader, QuotaService quotas, CurrentCaller caller, DomainVerifications domains) {
        this.domains = domains;
        this.reader = reader;
        this.quotas = quotas;
        this.caller = caller;
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("auditEvents.list")
    public Uni<?> listAuditEvents(String gatewayId, String actor, String after, String before, Integer pageSize,
            String pageToken, String accept) {
        // converted here, not by ContractParams, so that a bad value names its own parameter
        AuditQuery query = new AuditQuery(blank(gatewayId) ? null : ContractValues.uuid("gatewayId", gatewayId),
                blank(actor) ? null : actor, blank(after) ? null : ContractValues.timestamp("after", after),
                blank(before) ? null : ContractValues.timestamp("before", before));
        String organization = caller.organizationId();
        if (Negotiation.ndjsonExport(accept)) {
            return Uni.createFrom().item(new ChunkedBody(Negotiation.NDJSON,
                    reader.export(organization, query).map(AuditEvents::line)));
        }
        int size = pageSize == null || pageSize == 0 ? DEFAULT_PAGE : pageSize;
        if (size < 0) {
            throw new InvalidArgumentException("pageSize", "must not be negative");
        }
        int limit = Math.min(size, MAX_PAGE);
        long beforeSequence = pageToken == null || pageToken.isEmpty() ? Long.MAX_VALUE : decode(pageToken);
        return reader.page(organization, query, beforeSequence, limit + 1).map(page -> {
            List<StoredEvent> shown = page.size() > limit ? page.subList(0, limit) : page;
            String next = page.size() > limit ? encode(shown.get(shown.size() - 1).sequence()) : null;
            return new AuditEventListResponse(shown.stream().map(AuditEvents::render).toList(), next);
        });
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("caller.get")
    @NonBlocking
    public CallerResponse getCaller() {
        Caller who = caller.caller();
        return new CallerResponse(who.organizationId(), who.subject(), who.issuer(), who.authMethod(),
                who.roles().stream().sorted().toList());
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("quotas.get")
    public Uni<QuotaResponse> getQuotas() {
        return quotas.report(caller.organizationId()).map(report -> new QuotaResponse(report.organizationId(),
                report.quotas().stream().map(q -> new QuotaResponse.Quota(q.name(), q.limit(), q.usage(), q.burst()))
                        .toList()));
    }

    @Override
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("domainVerification.get")
    public Uni<DomainVerificationResponse> getDomainVerification() {
        return domains.report(caller.organizationId()).map(report -> new DomainVerificationResponse(
                report.recordPrefix(), report.token(), report.verificationEnabled(), report.hostNames().stream()
                        .map(n -> new DomainVerificationResponse.HostName(n.name(), n.recordName(), n.gatewayId(),
                                n.verified() ? "VERIFIED" : "PENDING", n.verifiedAt()))
                        .toList()));
    }

    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }

    private static String encode(long sequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a" + sequence)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!text.startsWith("a")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("pageToken", "is not a token this service answered");
        }
    }
}
