package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code {"items": [...]}} newest first, with {@code nextPageToken} unless this is the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevisionListResponse(List<RevisionDto> items, String nextPageToken) {
}
