package dev.inference.gateway.service.hosts;

import dev.inference.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.dns.DnsClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * TXT look-ups through Vert.x's non-blocking DNS client: at {@code gateway.dns.resolver} ({@code host:port}) when
 * set, else at the system's resolvers. A name that does not exist (NXDOMAIN) has no records; any other failure
 * fails the look-up (the name stays pending and is looked up again later).
 */
@ApplicationScoped
public class TxtLookup {
    private final DnsClient client;
    private final String resolver;

    TxtLookup(Vertx vertx, GatewayConfig config) {
        GatewayConfig.Dns dns = config.dns();
        DnsClientOptions options = new DnsClientOptions()
                .setQueryTimeout(dns.lookupTimeout().toMillis())
                .setRecursionDesired(true);
        if (dns.resolver().isPresent()) {
            String resolver = dns.resolver().get().strip();
            int colon = resolver.lastIndexOf(':');
            try {
                if (colon > 0 && resolver.indexOf(':') == colon) {
                    options.setHost(resolver.substring(0, colon))
                            .setPort(Integer.parseInt(resolver.substring(colon + 1)));
                } else {
                    options.setHost(resolver).setPort(53);
                }
            } catch (IllegalArgumentException e) {
                throw new io.quarkus.runtime.configuration.ConfigurationException("gateway.dns.resolver \""
                        + resolver + "\" is not <host>:<port>");
            }
            this.resolver = options.getHost() + ":" + options.getPort();
        } else {
            this.resolver = "the system's resolvers";
        }
        this.client = vertx.createDnsClient(options);
    }

    /** Where names are looked up, for the log. */
    public String resolver() {
        return resolver;
    }

    /** The TXT values of {@code name} (each record's character-strings joined); none when the name does not exist. */
    public Uni<List<String>> txt(String name) {
        return client.resolveTXT(name)
                .onFailure(TxtLookup::noSuchName).recoverWithItem(List.of());
    }

    private static boolean noSuchName(Throwable failure) {
        return failure instanceof DnsException e && e.code() == DnsResponseCode.NXDOMAIN;
    }
}
