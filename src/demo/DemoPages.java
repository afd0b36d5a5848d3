import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo pages of {@code mvn -Pdemo}: serves a directory (demo-app/) read-only on 127.0.0.1 at the given ports, as
 * {@code python3 -m http.server} would, with the JDK alone. Run as a single-file program (JDK 11+):
 * {@code java src/demo/DemoPages.java demo-app 3000 3001}. Stops on SIGTERM or SIGINT.
 */
public final class DemoPages {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml", "ico", "image/x-icon", "json", "application/json");

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java DemoPages.java <directory> <port>...");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        CountDownLatch stopped = new CountDownLatch(1);
        for (int i = 1; i < args.length; i++) {
            int port = Integer.parseInt(args[i]);
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                System.err.println("demo pages: cannot listen on port " + port + " (" + e.getMessage() + "): is something else using it?");
                System.exit(1);
                return;
            }
            server.createContext("/", exchange -> serve(root, exchange));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
    }

    private static void serve(Path root, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = URI.create(exchange.getRequestURI().getRawPath()).getPath();
            Path file = root.resolve(path.endsWith("/") ? path.substring(1) + "index.html" : path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IllegalArgumentException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }
}
