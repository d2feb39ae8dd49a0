package dev.inference.gateway.service.hosts;

import dev.inference.gateway.audit.AuditDraft;
import dev.inference.gateway.audit.AuditLog;
import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.HostClaims;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The ownership check of host names, level-triggered like the rollout workers: every pass asks PostgreSQL which
 * claimed names are pending and due for a check ({@link HostClaims#due}: never checked, or last checked
 * {@code gateway.dns.recheck-interval} ago; taken with SKIP LOCKED and noted as checked in one statement, so two
 * replicas never check one name at once). With {@code gateway.dns.verification=txt} each is looked up at
 * {@code _inference-verification.<name>}; when a TXT value equals the organization's token, the claim is marked
 * verified under the gateway's row lock, the gateway's zones get a new apply token so they program the name (no new
 * revision or generation), the status is rolled up again (the name joins the endpoints once every zone serves, the
 * {@code HostNamesVerified} condition turns True) and a {@code hostNames.verify} event is appended to the
 * organization's audit trail, all in one transaction. With {@code none}, pending claims (made while the check was
 * on) are verified the same way without a look-up.
 */
@ApplicationScoped
public class HostVerifier {
    private static final Logger LOG = Logger.getLogger(HostVerifier.class);
    static final String ACTION = "hostNames.verify";
    static final AuditDraft.Actor ACTOR = new AuditDraft.Actor("host-verifier", "gateway", "system", List.of());

    private final HostClaims hosts;
    private final TxtLookup dns;
    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final GatewayStatusWriter status;
    private final AuditLog audit;
    private final UnitOfWork work;
    private final Clock clock;
    private final Vertx vertx;
    private final GatewayConfig.Dns config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final LogThrottle failureLog = new LogThrottle(Duration.ofMinutes(5));
    private long timer = -1;

    HostVerifier(HostClaims hosts, TxtLookup dns, GatewayRepository gateways, ZoneRepository zones,
            GatewayStatusWriter status, AuditLog audit, UnitOfWork work, Clock clock, Vertx vertx,
            GatewayConfig config) {
        this.hosts = hosts;
        this.dns = dns;
        this.gateways = gateways;
        this.zones = zones;
        this.status = status;
        this.audit = audit;
        this.work = work;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.dns();
    }

    void start(@Observes StartupEvent event) {
        if (hosts.verifying()) { // a resolver that is not host:port stops the start here
            LOG.infof("gateway.dns.verification=txt: additionalDns names are programmed once the TXT record %s.<name> "
                    + "holds the organization's token; looked up at %s, again every %s",
                    StatusRollup.VERIFICATION_PREFIX, dns.resolver(), config.recheckInterval());
        }
        // a pass every tenth of the recheck interval: a name is checked again within 1.1 intervals of its last check
        long every = Math.max(50, config.recheckInterval().toMillis() / 10);
        timer = vertx.setPeriodic(every, id -> {
            if (running.compareAndSet(false, true)) {
                pass().onTermination().invoke(() -> running.set(false)).subscribe().with(
                        verified -> {
                        },
                        failure -> failureLog.log(suppressed -> LOG.warnf("host name verification pass failed: %s",
                                failure.toString())));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass: checks the due pending names; answers how many were verified. */
    public Uni<Integer> pass() {
        boolean txt = hosts.verifying();
        return hosts.due(config.batchSize(), config.recheckInterval()).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUni(pending -> txt ? check(pending) : Uni.createFrom().item(pending))
                    .merge(8)
                    .filter(pending -> pending != null)
                    .collect().asList()
                    .chain(this::record);
        });
    }

    /** The claim if its TXT record holds its organization's token, else null (it stays pending). */
    private Uni<HostClaims.Pending> check(HostClaims.Pending pending) {
        if (pending.token() == null) {
            return Uni.createFrom().nullItem(); // nobody asked for the token yet: no record can hold it
        }
        String record = StatusRollup.VERIFICATION_PREFIX + "." + pending.name();
        return dns.txt(record)
                .map(values -> values.stream().anyMatch(v -> v.strip().equals(pending.token())) ? pending : null)
                .onFailure().recoverWithItem(failure -> {
                    failureLog.log(suppressed -> LOG.infof("TXT look-up of %s failed: %s", record, failure.toString()));
                    return null;
                });
    }

    /** Verified claims, recorded per gateway, one transaction each. */
    private Uni<Integer> record(List<HostClaims.Pending> verified) {
        Map<UUID, List<HostClaims.Pending>> byGateway = new LinkedHashMap<>();
        verified.forEach(p -> byGateway.computeIfAbsent(p.gatewayId(), g -> new ArrayList<>()).add(p));
        return Multi.createFrom().iterable(byGateway.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> work.backgroundTransaction(
                        () -> recordGateway(entry.getKey(), entry.getValue())))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> recordGateway(UUID gatewayId, List<HostClaims.Pending> names) {
        return gateways.lock(gatewayId).chain(gateway -> {
            if (gateway == null) {
                return Uni.createFrom().item(0);
            }
            Instant now = Timestamps.now(clock);
            List<String> done = new ArrayList<>();
            return Multi.createFrom().iterable(names)
                    .onItem().transformToUniAndConcatenate(p -> hosts.verify(gatewayId, p.name(), now)
                            .invoke(changed -> {
                                if (changed) {
                                    done.add(p.name());
                                }
                            }))
                    .collect().last()
                    .chain(() -> done.isEmpty() ? Uni.createFrom().item(0) : programmed(gateway, done, now));
        });
    }

    /** The zones program the verified names; the status and the audit trail say so. */
    private Uni<Integer> programmed(GatewayEntity gateway, List<String> names, Instant now) {
        Uni<List<ZoneEntity>> rows = gateway.deleting ? zones.forGateway(gateway.id) : zones.reapply(gateway.id, now);
        return rows.chain(zoneRows -> hosts.unverified(gateway.id).invoke(unverified -> {
                    gateway.unverifiedDns = unverified;
                    status.publish(gateway, zoneRows.stream().map(ZoneEntity::state).toList(), now);
                }))
                .chain(() -> gateways.flush())
                .chain(() -> Multi.createFrom().iterable(names)
                        .onItem().transformToUniAndConcatenate(name -> audit.append(draft(gateway, name, now)))
                        .collect().last())
                .invoke(() -> LOG.infof("gateway %s: host name%s %s verified; its zones program %s", gateway.id,
                        names.size() == 1 ? "" : "s", String.join(", ", names), names.size() == 1 ? "it" : "them"))
                .replaceWith(names.size());
    }

    private AuditDraft draft(GatewayEntity gateway, String name, Instant now) {
        String how = hosts.verifying()
                ? "the TXT record " + StatusRollup.VERIFICATION_PREFIX + "." + name + " holds the organization's token"
                : "gateway.dns.verification is none";
        return new AuditDraft(gateway.organizationId, now, null, ACTOR, null, ACTION,
                new AuditDraft.Resource("gateway", gateway.id, gateway.spec.name()),
                new AuditDraft.Outcome(0, 200, "The host name " + name + " is verified (" + how
                        + "); the zones program it."),
                gateway.generation, gateway.generation, null, null);
    }
}
