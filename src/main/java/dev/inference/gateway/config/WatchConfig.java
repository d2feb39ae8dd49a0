package dev.inference.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of watch ({@code watch.*}): the change history and the streams that serve it. */
@ConfigMapping(prefix = "watch")
public interface WatchConfig {

    /** How long the change history is kept; a watch from an older version answers 410 (list again). */
    @WithDefault("1h")
    Duration retention();

    /** How often the history is pruned (on every instance; pruning is idempotent). */
    @WithDefault("1m")
    Duration pruneInterval();

    /** An idle stream sends a BOOKMARK event this often, so that proxies keep it open (at most 30 s). */
    @WithDefault("20s")
    Duration heartbeat();

    /**
     * Events a watcher may have waiting (written to it more slowly than they happen) before it is closed with an
     * ERROR event; it can then watch again from the last version it received.
     */
    @WithDefault("1000")
    int buffer();

    /** Safety net beside the database's signals: each organization being watched looks for new events this often. */
    @WithDefault("2s")
    Duration poll();

    /** Events read from the history per query. */
    @WithDefault("500")
    int batch();
}
