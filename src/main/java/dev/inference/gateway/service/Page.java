package dev.inference.gateway.service;

import dev.inference.gateway.domain.Gateway;
import java.util.List;

/** One page of gateways and the token of the next page (null on the last). */
public record Page(List<Gateway> items, String nextPageToken) {
}
