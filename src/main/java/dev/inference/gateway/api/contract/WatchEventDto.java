package dev.inference.gateway.api.contract;

import dev.inference.gateway.api.contract.ErrorBody;

/**
 * One event of a watch stream: {@code ADDED}, {@code MODIFIED} or {@code DELETED} with the gateway right after the
 * change; {@code BOOKMARK} (a heartbeat: nothing changed, the stream is at {@code resourceVersion}); {@code ERROR}
 * (the last event of a stream that cannot go on, with the reason).
 */
public record WatchEventDto(String type, String resourceVersion, GatewayDto gateway, ErrorBody error) {
}
