package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.PlainSql;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rollout's clock: rollouts whose time has come without a zone's report (a bake ended, a progress deadline
 * passed) are looked at again. Level-triggered like the zone workers: each pass asks the database which gateways are
 * due ({@code rollout_check_at}), and each is looked at under its row lock, so replicas take turns and a look that
 * another replica already took finds nothing left to do.
 */
@ApplicationScoped
public class RolloutChecks {
    private static final String DUE = "SELECT id FROM gateway WHERE rollout_check_at <= now()"
            + " ORDER BY rollout_check_at LIMIT 64";

    private final PlainSql sql;
    private final UnitOfWork work;
    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final RolloutEngine engine;
    private final GatewayStatusWriter status;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    RolloutChecks(PlainSql sql, UnitOfWork work, GatewayRepository gateways, ZoneRepository zones,
            RolloutEngine engine, GatewayStatusWriter status, Clock clock) {
        this.sql = sql;
        this.work = work;
        this.gateways = gateways;
        this.zones = zones;
        this.engine = engine;
        this.status = status;
        this.clock = clock;
    }

    /** Looks at every gateway whose rollout is due; answers how many were. One pass at a time. */
    public Uni<Integer> pass() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return sql.execute(DUE)
                .map(rows -> {
                    List<UUID> due = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        due.add(row.getUUID(0));
                    }
                    return due;
                })
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::look)
                        .collect().asList().map(List::size))
                .eventually(() -> running.set(false));
    }

    private Uni<Void> look(UUID id) {
        return work.backgroundTransaction(() -> gateways.lock(id).chain(g -> {
            Instant now = Timestamps.now(clock);
            if (g == null || g.deleting || g.rolloutCheckAt == null || g.rolloutCheckAt.isAfter(now)) {
                return Uni.createFrom().voidItem(); // gone, or another replica looked already
            }
            return zones.forGateway(id).chain(rows -> engine.advance(g, rows, now)
                    .invoke(() -> status.publish(g, rows.stream().map(ZoneEntity::state).toList(), now)));
        }));
    }
}
