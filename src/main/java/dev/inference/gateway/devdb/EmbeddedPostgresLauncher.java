package dev.inference.gateway.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.jboss.logging.Logger;

/**
 * Starts one embedded PostgreSQL per JVM (Quarkus loads application classes in several class loaders, so the
 * running port is remembered in a system property) and stops it when the JVM exits. Only loaded when the
 * embedded server is on the class path (dev mode and tests).
 */
final class EmbeddedPostgresLauncher {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);
    private static final String RUNNING_PORT = "embedded-postgresql.running-port";

    private EmbeddedPostgresLauncher() {
    }

    static synchronized int start(int preferredPort) {
        String running = System.getProperty(RUNNING_PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = isFree(preferredPort) ? preferredPort : freePort();
        if (port != preferredPort) {
            LOG.warnf("Port %d is taken (a leftover embedded PostgreSQL?); starting the embedded one on %d",
                    preferredPort, port);
        }
        try {
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "embedded-postgres-stop"));
            System.setProperty(RUNNING_PORT, Integer.toString(port));
            LOG.infof("Embedded PostgreSQL started on 127.0.0.1:%d in %d ms (set QUARKUS_DATASOURCE_REACTIVE_URL "
                    + "and QUARKUS_DATASOURCE_JDBC_URL to use another database)", port,
                    (System.nanoTime() - started) / 1_000_000);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
