package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A bearer token kept in a file, read again whenever the file changes: projected ServiceAccount tokens are rotated
 * on disk, and the driver must not need a restart for that. The token is never logged.
 */
final class TokenFile implements OAuthTokenProvider {
    private final Path path;
    private volatile FileTime readAt;
    private volatile String token;

    TokenFile(Path path) {
        this.path = path;
        this.token = read();
    }

    @Override
    public String getToken() {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(readAt)) {
                token = read();
            }
        } catch (IOException | UncheckedIOException e) {
            // keep the last token: a rotation in progress must not fail the call; the server says if it is stale
        }
        return token;
    }

    private String read() {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            String value = Files.readString(path, StandardCharsets.UTF_8).strip();
            readAt = modified;
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + path, e);
        }
    }
}
