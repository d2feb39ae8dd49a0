package dev.inference.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny authoritative DNS server for tests: it answers UDP queries on 127.0.0.1 (an ephemeral port, {@link #port()})
 * from the TXT records a test sets with {@link #txt}, so a Vert.x {@code DnsClient} pointed at it sees exactly those.
 * A name with TXT records gets one answer per value (TTL 0, values over 255 bytes split into several
 * character-strings); a name without records gets NXDOMAIN; other query types for a known name get an empty answer.
 * One question per query; anything it cannot parse is dropped. Plain {@link DatagramSocket} on a daemon thread.
 */
public final class FakeDnsServer implements AutoCloseable {
    private static final int TYPE_TXT = 16;
    private static final int CLASS_IN = 1;
    private static final int NOERROR = 0;
    private static final int NXDOMAIN = 3;

    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private final DatagramSocket socket;

    private FakeDnsServer(DatagramSocket socket) {
        this.socket = socket;
    }

    public static FakeDnsServer start() {
        try {
            FakeDnsServer server = new FakeDnsServer(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
            Thread thread = new Thread(server::serve, "fake-dns-" + server.port());
            thread.setDaemon(true);
            thread.start();
            return server;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Sets (replaces) the TXT records of a name: case-insensitive, the trailing dot optional. */
    public void txt(String name, String... values) {
        records.put(normalize(name), List.of(values));
    }

    public void clear(String name) {
        records.remove(normalize(name));
    }

    @Override
    public void close() {
        socket.close();
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] reply = reply(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // The socket was closed (the loop ends) or the query was malformed (it is dropped).
            }
        }
    }

    private byte[] reply(ByteBuffer query) {
        short id = query.getShort(0);
        boolean recursionDesired = (query.get(2) & 0x01) != 0;
        if (query.getShort(4) != 1) {
            throw new IllegalArgumentException("one question expected");
        }
        // The question: QNAME as labels (queries carry no compression), then QTYPE and QCLASS.
        StringBuilder name = new StringBuilder();
        query.position(12);
        for (int length = query.get() & 0xFF; length != 0; length = query.get() & 0xFF) {
            byte[] label = new byte[length];
            query.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, StandardCharsets.UTF_8));
        }
        int type = query.getShort() & 0xFFFF;
        query.getShort(); // QCLASS
        int questionEnd = query.position();

        List<String> values = records.get(normalize(name.toString()));
        List<String> answers = values == null || type != TYPE_TXT ? List.of() : values;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        out.write(0x80 | 0x04 | (recursionDesired ? 0x01 : 0)); // QR, AA, RD copied
        out.write(0x80 | (values == null ? NXDOMAIN : NOERROR)); // RA, RCODE
        writeShort(out, 1); // QDCOUNT
        writeShort(out, answers.size()); // ANCOUNT
        writeShort(out, 0); // NSCOUNT
        writeShort(out, 0); // ARCOUNT
        out.write(query.array(), query.arrayOffset() + 12, questionEnd - 12); // the question, as asked
        for (String value : answers) {
            byte[] rdata = characterStrings(value.getBytes(StandardCharsets.UTF_8));
            writeShort(out, 0xC00C); // a pointer to the question's name
            writeShort(out, TYPE_TXT);
            writeShort(out, CLASS_IN);
            writeShort(out, 0); // TTL, two halves of 0
            writeShort(out, 0);
            writeShort(out, rdata.length);
            out.writeBytes(rdata);
        }
        return out.toByteArray();
    }

    /** Length-prefixed character-strings of at most 255 bytes each (one, empty, for an empty value). */
    private static byte[] characterStrings(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        do {
            int length = Math.min(255, value.length - offset);
            out.write(length);
            out.write(value, offset, length);
            offset += length;
        } while (offset < value.length);
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
