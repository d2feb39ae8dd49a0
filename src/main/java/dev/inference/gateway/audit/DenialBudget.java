package dev.inference.gateway.audit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many refused requests each chain records per second on this replica: beyond it they are only counted, and
 * the next one recorded says how many were not, so a flood of refused requests (a client retrying a bad token in a
 * loop, a tenant hammering its rate limit) cannot become a flood of database writes.
 */
final class DenialBudget {
    private final int perSecond;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    DenialBudget(int perSecond) {
        this.perSecond = perSecond;
    }

    /** -1: do not record this one (counted); else how many were left unrecorded before it. */
    long admit(String chain, long nowMillis) {
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> w.idle(nowMillis));
        }
        return windows.computeIfAbsent(chain, c -> new Window()).admit(nowMillis, perSecond);
    }

    private static final class Window {
        private long second = -1;
        private int recorded;
        private long unrecorded;

        synchronized long admit(long nowMillis, int perSecond) {
            long now = nowMillis / 1000;
            if (now != second) {
                second = now;
                recorded = 0;
            }
            if (recorded >= perSecond) {
                unrecorded++;
                return -1;
            }
            recorded++;
            long told = unrecorded;
            unrecorded = 0;
            return told;
        }

        synchronized boolean idle(long nowMillis) {
            return nowMillis / 1000 - second > 60 && unrecorded == 0;
        }
    }
}
