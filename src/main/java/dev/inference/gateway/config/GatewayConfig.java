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

    Quota quota();

    Audit audit();

    Dns dns();

    /** The ownership check of additionalDns names ({@code gateway.dns.*}). */
    interface Dns {
        /**
         * {@code none}: a claimed name is programmed at once; {@code txt}: only once the TXT record
         * {@code _inference-verification.<name>} holds the organization's verification token.
         */
        @WithDefault("none")
        Verification verification();

        /** The DNS server the TXT records are looked up at, {@code host:port} (default: the system's resolvers). */
        Optional<String> resolver();

        /** How often a pending name is looked up again. */
        @WithDefault("30s")
        java.time.Duration recheckInterval();

        /** How long one TXT look-up may take. */
        @WithDefault("5s")
        java.time.Duration lookupTimeout();

        /** Pending names looked up at most per pass (of all organizations). */
        @WithDefault("100")
        int batchSize();

        enum Verification {
            NONE, TXT
        }
    }

    /** Per-organization limits ({@code gateway.quota.*}); each organization may have its own. */
    interface Quota {
        /** Gateways an organization may have (deleting ones count until they are gone); 0 turns the limit off. */
        @WithDefault("1000")
        long gatewaysPerOrganization();

        /**
         * Requests per second an organization may make to one replica (reads and writes; a token bucket in memory,
         * answered before any database work); 0 turns the limit off.
         */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests an organization may make at once above the rate (the bucket's size). */
        @WithDefault("100")
        int burst();

        /** Overrides by organization: {@code gateway.quota.organizations."<org>".gateways} and the rate's keys. */
        java.util.Map<String, OrganizationQuota> organizations();

        interface OrganizationQuota {
            Optional<Long> gateways();

            Optional<Double> requestsPerSecond();

            Optional<Integer> burst();
        }
    }

    /** The audit trail ({@code gateway.audit.*}). */
    interface Audit {
        /** How long events are kept; a periodic job deletes older ones, whole ranges per organization. */
        @WithDefault("90d")
        java.time.Duration retention();

        /** How often the retention job runs. */
        @WithDefault("1h")
        java.time.Duration pruneEvery();

        /**
         * Denied requests recorded per second and organization (the chain of unauthenticated requests counts as
         * one); more are counted and the count is told by the next one recorded, so a flood of refused requests
         * cannot turn into a flood of writes.
         */
        @WithDefault("20")
        int deniedPerSecond();
    }


    Paging paging();

    Console console();

    /** The operator's console at {@code /console} ({@code gateway.console.*}). */
    interface Console {
        /**
         * Whether the console's sign-in offers the static tokens ({@code gateway.auth.tokens}) with one click: dev
         * mode turns it on; the production profile ignores it (and warns), so no token is ever shown there.
         */
        @WithDefault("false")
        boolean offerDevTokens();
    }

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
         * Static bearer tokens: comma-separated {@code <token>=<organization>:<role>[:<name>]} entries, role
         * {@code admin} or {@code viewer}, the name (default {@code token-<n>}) being the actor the audit names
         * ({@code GATEWAY_AUTH_TOKENS}). Production callers present JWTs ({@code mp.jwt.verify.*}) instead.
         */
        Optional<List<String>> tokens();

        StaticTokens staticTokens();

        interface StaticTokens {
            /**
             * Whether static tokens are accepted: on in dev mode and tests, off in production unless set (and then
             * the service warns at start).
             */
            @WithDefault("false")
            boolean enabled();
        }
    }

    interface Paging {
        /** Largest {@code pageSize} honoured; larger values are lowered to it. */
        @WithDefault("1000")
        int maxPageSize();
    }
}
