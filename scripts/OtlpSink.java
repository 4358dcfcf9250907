import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP endpoint that accepts spans and throws them away, counting what it received: what
 * the services export to when the benchmark measures tracing on, without a Jaeger on the machine.
 *
 * <pre>java scripts/OtlpSink.java [port]</pre>   (default 4318; spans go to http://127.0.0.1:PORT/v1/traces)
 */
public class OtlpSink {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/traces", exchange -> {
            bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
            requests.incrementAndGet();
            // an empty ExportTraceServiceResponse is zero bytes of protobuf
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                "OTLP sink: %d export requests, %d bytes of spans%n", requests.get(), bytes.get())));
        System.out.println("OTLP sink listening on http://127.0.0.1:" + port + "/v1/traces");
        Thread.currentThread().join();
    }
}
