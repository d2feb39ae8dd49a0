package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A page of audit events, newest first; {@code nextPageToken} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEventListResponse(List<JsonNode> items, String nextPageToken) {
}
