package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.GatewayVersion;
import dev.inference.gateway.domain.StoredGateway;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Reads gateways for answers with the reactive client directly: GET is one prepared statement; a list is a
 * cursor read in batches as the answer is written, so it never holds more than a batch however many gateways
 * there are (Hibernate Reactive would materialise the whole result). The secret is never read here.
 */
@ApplicationScoped
public class GatewayReads {
    static final String COLUMNS = "id, organization_id, spec, generation, status, published, created_at, updated_at, "
            + "version";
    /** What a page needs when its answers are kept: no documents. */
    static final String KEY_COLUMNS = "id, version, created_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM gateway WHERE id = $1 AND organization_id = $2";
    private static final String CLOCK = "SELECT resource_version FROM watch_clock WHERE organization_id = $1";
    /** Pages up to this many rows (the page and the one that tells whether another follows) are one statement. */
    private static final int SINGLE_STATEMENT = 101;
    /**
     * A list's snapshot. PostgreSQL plans a protocol-level cursor for reading all of it, so for a large organization
     * it would sort the whole organization (a sequential scan, then an external sort of every row's documents on
     * disk) before the first row: seconds of database CPU and I/O per list, competing with every other request.
     * Without sorts the plan walks the (organization, created_at, id) index and the first rows come at once; no
     * list needs a sort, every order it asks for is that index's. JIT compilation is off: it costs more than it
     * saves on a scan that streams.
     */
    static final String BEGIN_LIST = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
            + " SET LOCAL enable_sort = off; SET LOCAL jit = off";

    private final PlainSql sql;
    private final Pool pool;

    GatewayReads(PlainSql sql, Pool pool) {
        this.sql = sql;
        this.pool = pool;
    }

    /**
     * The gateway if it exists in this organization (another organization's is exactly as absent), else null; its
     * documents are parsed only if asked for (an answer already rendered for its version needs none of them).
     */
    public Uni<StoredGateway> find(UUID id, String organizationId) {
        return sql.execute(BY_ID, Tuple.of(id, organizationId))
                .map(rows -> rows.size() == 0 ? null : new LazyGateway(rows.iterator().next()));
    }

    /**
     * One organization's gateways in creation order, as a stream that fetches as its subscriber asks: one
     * snapshot (a REPEATABLE READ transaction), so every gateway that exists throughout appears exactly once.
     * Cancelling the stream (the client went away) ends the query and returns the connection at once.
     *
     * @param updatedAfter only gateways updated after this instant, or null
     * @param afterCreated keyset cursor: creation time of the last gateway of the previous page, or null
     * @param afterId      keyset cursor: its id
     * @param limit        most gateways, or 0 for all
     * @param version      told, before the first gateway, the organization's resourceVersion in the same snapshot:
     *                     a watch from it sees every change after this list, and none before
     */
    public Multi<StoredGateway> stream(String organizationId, Instant updatedAfter, Instant afterCreated, UUID afterId,
            int limit, LongConsumer version) {
        String query = listQuery(COLUMNS, updatedAfter != null, afterCreated != null, limit > 0);
        Tuple arguments = arguments(organizationId, updatedAfter, afterCreated, afterId, limit);
        if (oneStatement(limit)) {
            // A page of at most a hundred or so gateways (a few MB at the size limits): one statement, whose snapshot
            // the organization's version is read in too; one round trip instead of a transaction and a cursor.
            return sql.execute(withVersion(query), arguments)
                    .onItem().transformToMulti(rows -> {
                        version.accept(rows.iterator().next().getLong("list_version"));
                        return Multi.createFrom().iterable(rows);
                    })
                    .filter(row -> row.getUUID("id") != null)
                    .map(LazyGateway::new);
        }
        return connection().toMulti().flatMap(connection -> connection
                .query(BEGIN_LIST).execute()
                .chain(() -> connection.preparedQuery(CLOCK).execute(Tuple.of(organizationId)))
                .invoke(rows -> version.accept(rows.size() == 0 ? 0 : rows.iterator().next().getLong(0)))
                .chain(() -> connection.prepare(query))
                .onItem().transformToMulti(statement -> rows(statement.cursor(arguments)))
                .map(LazyGateway::new)
                .onTermination().call(() -> release(connection)));
    }

    /** Whether a list of at most {@code limit} rows (0: all) is read in one statement, and its keys can be. */
    public static boolean oneStatement(int limit) {
        return limit > 0 && limit <= SINGLE_STATEMENT;
    }

    /** The keys of a page and the organization's resourceVersion, read in one statement's snapshot. */
    public record KeyPage(long version, List<GatewayVersion> keys) {
    }

    /**
     * The keys of a page read in {@link #oneStatement one statement} (same arguments as {@link #stream}), without
     * their documents: when every answer of a page is kept already, this is all a list needs to read.
     */
    public Uni<KeyPage> pageKeys(String organizationId, Instant updatedAfter, Instant afterCreated, UUID afterId,
            int limit) {
        if (!oneStatement(limit)) {
            throw new IllegalArgumentException("a page of keys holds 1 to " + SINGLE_STATEMENT + " gateways");
        }
        String query = listQuery(KEY_COLUMNS, updatedAfter != null, afterCreated != null, true);
        return sql.execute(withVersion(query), arguments(organizationId, updatedAfter, afterCreated, afterId, limit))
                .map(rows -> {
                    List<GatewayVersion> keys = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        UUID id = row.getUUID("id");
                        if (id != null) {
                            keys.add(new GatewayVersion(id, row.getLong("version"), instant(row.getOffsetDateTime("created_at"))));
                        }
                    }
                    return new KeyPage(rows.iterator().next().getLong("list_version"), keys);
                });
    }

    /** A page's statement with the organization's version (from the same snapshot) in front of its rows. */
    private static String withVersion(String query) {
        return "SELECT c.list_version, p.* FROM (SELECT coalesce((" + CLOCK + "), 0) AS list_version) c"
                + " LEFT JOIN LATERAL (" + query + ") p ON true";
    }

    private static Tuple arguments(String organizationId, Instant updatedAfter, Instant afterCreated, UUID afterId,
            int limit) {
        Tuple arguments = Tuple.of(organizationId);
        if (updatedAfter != null) {
            arguments.addValue(updatedAfter.atOffset(java.time.ZoneOffset.UTC));
        }
        if (afterCreated != null) {
            arguments.addValue(afterCreated.atOffset(java.time.ZoneOffset.UTC)).addValue(afterId);
        }
        if (limit > 0) {
            arguments.addValue(limit);
        }
        return arguments;
    }

    /**
     * A cursor's rows, read as they are asked for, each read sized by {@link FetchSize} (the cursor is closed with
     * the transaction).
     */
    private static Multi<Row> rows(Cursor cursor) {
        FetchSize size = new FetchSize();
        return Multi.createBy().repeating().uni(() -> cursor.read(size.next()))
                .whilst(rows -> cursor.hasMore()) // the last read, which ends the cursor, is emitted too
                .onItem().transformToIterable(rows -> {
                    long chars = 0;
                    for (Row row : rows) {
                        chars += row.getString("spec").length() + row.getString("published").length();
                    }
                    size.read(rows.size(), chars);
                    return rows;
                });
    }

    /**
     * The statement of a list: $1 the organization, then as asked the updatedAfter instant, the keyset cursor
     * (creation time and id of the previous page's last gateway) and the limit, in this order.
     */
    static String listQuery(String columns, boolean updatedAfter, boolean keyset, boolean limited) {
        StringBuilder query = new StringBuilder("SELECT " + columns + " FROM gateway WHERE organization_id = $1");
        int parameters = 1;
        if (updatedAfter) {
            query.append(" AND updated_at > $").append(++parameters);
        }
        if (keyset) {
            query.append(" AND (created_at, id) > ($").append(++parameters).append(", $").append(++parameters)
                    .append(')');
        }
        query.append(" ORDER BY created_at, id");
        if (limited) {
            query.append(" LIMIT $").append(++parameters);
        }
        return query.toString();
    }

    /**
     * A connection of the pool for a cursor. If the list is cancelled (its client went away) while it waits for
     * one, the connection that arrives afterwards goes straight back to the pool instead of being dropped with it.
     */
    private Uni<SqlConnection> connection() {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            pool.getConnection().subscribe().with(connection -> {
                if (gone.get()) {
                    connection.close().subscribe().with(ignored -> {
                    }, failure -> {
                    });
                } else {
                    emitter.complete(connection);
                }
            }, emitter::fail);
        });
    }

    /** Ends the read-only transaction (closing the cursor) and gives the connection back to the pool. */
    private static Uni<Void> release(SqlConnection connection) {
        return connection.query("ROLLBACK").execute().replaceWithVoid()
                .onFailure().recoverWithNull()
                .eventually(connection::close);
    }

    /** A row read for an answer: id, version and creation time read at once, the documents parsed only if asked for. */
    private static final class LazyGateway implements StoredGateway {
        private final Row row;
        private final UUID id;
        private final long version;
        private final Instant createdAt;
        private Gateway gateway;

        LazyGateway(Row row) {
            this.row = row;
            this.id = row.getUUID("id");
            this.version = row.getLong("version");
            this.createdAt = instant(row.getOffsetDateTime("created_at"));
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Instant createdAt() {
            return createdAt;
        }

        @Override
        public Gateway gateway() {
            if (gateway == null) {
                gateway = toGateway(row);
            }
            return gateway;
        }
    }

    /** A row of {@code gateway} (or of a table with the same columns) as the gateway answers show. */
    static Gateway toGateway(Row row) {
        PublishedStatus published = StoredJson.readPublished(row.getString("published"));
        return new Gateway(row.getUUID("id"), row.getString("organization_id"),
                StoredJson.readSpec(row.getString("spec")), row.getLong("generation"),
                GatewayStatus.valueOf(row.getString("status")), published.conditions(), published.endpoints(),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                row.getLong("version"), published.rollout());
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
