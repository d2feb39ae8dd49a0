package dev.inference.gateway.watch;

import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A watch stream read line by line on a thread of its own, for tests. */
final class WatchClient implements AutoCloseable {
    private static final String END = "\u0000end";

    final int status;
    final String contentType;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpResponse<java.io.InputStream> response;
    private final Thread reader;

    private WatchClient(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // closed
            } finally {
                lines.add(END);
            }
        }, "watch-client");
        reader.setDaemon(true);
        reader.start();
    }

    static WatchClient open(int port, String token, String query, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1alpha1/inference/gateways?watch=true" + query))
                .header("Authorization", "Bearer " + token);
        if (accept != null) {
            request.header("Accept", accept);
        }
        return new WatchClient(HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** The next non-empty line, or null if none came in time or the stream ended. */
    String nextLine(Duration wait) throws InterruptedException {
        while (true) {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                if (line != null) {
                    lines.add(END);
                }
                return null;
            }
            if (!line.isEmpty()) {
                return line;
            }
        }
    }

    /** The next event (a JSON line) within {@code wait}, skipping BOOKMARKs unless asked for. */
    JsonPath next(Duration wait, boolean bookmarks) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : nextLine(Duration.ofNanos(left));
            if (line == null) {
                return null;
            }
            JsonPath event = JsonPath.from(line);
            if (bookmarks || !"BOOKMARK".equals(event.getString("type"))) {
                return event;
            }
        }
    }

    /** Events (no bookmarks) until {@code count} came or nothing came for {@code quiet}. */
    List<JsonPath> take(int count, Duration quiet) throws InterruptedException {
        List<JsonPath> events = new ArrayList<>();
        while (events.size() < count) {
            JsonPath event = next(quiet, false);
            if (event == null) {
                break;
            }
            events.add(event);
        }
        return events;
    }

    @Override
    public void close() throws Exception {
        response.body().close();
        reader.interrupt();
    }
}
