package dev.inference.gateway.domain;

/** A watch asked for changes older than the history keeps: list again, then watch from the list's version. */
public class HistoryExpiredException extends RuntimeException {
    public HistoryExpiredException(long requested, long oldest) {
        super("too old: resourceVersion " + requested + " is older than the retained history (it starts after "
                + oldest + "); list again and watch from the list's resourceVersion", null, false, false);
    }
}
