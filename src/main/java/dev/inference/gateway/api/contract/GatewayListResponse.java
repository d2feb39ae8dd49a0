package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code {"items": [...]}}, with {@code nextPageToken} (extension) unless this is the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayListResponse(List<GatewayDto> items, String nextPageToken) {
}
