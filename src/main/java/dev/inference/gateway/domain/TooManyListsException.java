package dev.inference.gateway.domain;

/** Every slot for an unpaged list is taken and none came free in time: the client should retry a little later. */
public class TooManyListsException extends RuntimeException {
    public TooManyListsException(int running) {
        super("too many unpaged lists are running on this instance (" + running + "); retry shortly or ask for pages "
                + "(pageSize)", null, false, false);
    }
}
