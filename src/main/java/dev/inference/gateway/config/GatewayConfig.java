package dev.inference.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of the Gateway API ({@code gateway.*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Zones offered by {@code GET /gateways/parameters}, in their canonical spelling ({@code GATEWAY_ZONES}). */
    @WithDefault("US-EAST-04A,US-EAST-06A,US-WEST-09B,EU-SOUTH-03A")
    List<String> zones();

    /** Base domain of zone endpoints: {@code https://<id>.<zone>.<endpoint-domain>}. */
    @WithDefault("inference.example.com")
    String endpointDomain();

    Auth auth();

    Paging paging();

    Secrets secrets();

    Lists lists();

    interface Lists {
        /** Unpaged lists (they stream every gateway of an organization) running at once on one instance. */
        @WithDefault("4")
        int maxUnpaged();

        /**
         * Memory (MiB) for the answer bytes of listed gateways, kept by id and row version (which never changes
         * without the gateway changing): a list renders what changed since the last one. 0 turns it off.
         */
        @WithDefault("16")
        int renderedCacheMib();

        /** How long an unpaged list waits for a slot before it answers 429 RESOURCE_EXHAUSTED. */
        @WithDefault("2s")
        java.time.Duration queueWait();
    }

    interface Secrets {
        /**
         * Keys that encrypt stored secrets: comma-separated {@code <key-id>:<base64 of a 256-bit key>}, the first one
         * current ({@code GATEWAY_SECRETS_KEYS}). Older keys still open what they sealed and are replaced at the next
         * start. Required: production refuses to start without one.
         */
        Optional<List<String>> keys();
    }

    EmbeddedPostgres embeddedPostgres();

    /**
     * The embedded PostgreSQL of dev mode and tests, started only when no datasource URL is configured (read by
     * {@code devdb.EmbeddedPostgresConfigSourceFactory}; listed here so that the settings are documented and valid).
     */
    interface EmbeddedPostgres {
        /** Set false to require an external database even in dev mode and tests. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the embedded server: 15432 in dev mode, 15433 in tests by default. */
        Optional<Integer> port();
    }

    interface Auth {
        /**
         * Comma-separated {@code <token>=<organization>:<role>} entries, role {@code admin} or {@code viewer}
         * ({@code GATEWAY_AUTH_TOKENS}). Empty: every call is refused with 401.
         */
        Optional<List<String>> tokens();
    }

    interface Paging {
        /** Largest {@code pageSize} honoured; larger values are lowered to it. */
        @WithDefault("1000")
        int maxPageSize();
    }
}
