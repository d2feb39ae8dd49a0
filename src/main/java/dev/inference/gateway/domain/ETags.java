package dev.inference.gateway.domain;

/**
 * Entity tags of gateways: the row version, which changes with every spec or status change. Matching follows
 * RFC 9110: a list of tags or {@code *}; weak and strong tags compare by their opaque value.
 */
public final class ETags {
    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether an {@code If-Match} / {@code If-None-Match} header value names the current version. */
    public static boolean matches(String header, long version) {
        String current = of(version);
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** An {@code If-Match} that does not name the current version fails the request (412); none is no condition. */
    public static void requireMatch(String ifMatch, long version) {
        if (ifMatch != null && !matches(ifMatch, version)) {
            throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the current ETag "
                    + of(version));
        }
    }
}
