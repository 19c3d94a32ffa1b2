package chainkb.neo4j;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j Community embedded, with a Bolt connector on 127.0.0.1 only, protected by a password.
 *
 * <p>Protocol with the parent process:
 * <ul>
 *   <li>the first line of stdin is the password of the user {@code neo4j} (at least 8 characters):
 *       stdin, unlike the command line or the environment, is not readable by other processes</li>
 *   <li>stdout carries exactly one line once the database and Bolt are up:
 *       {@code NEO4J_READY bolt://127.0.0.1:<port> version=<version> edition=<edition>}</li>
 *   <li>stderr carries at most one line per problem, prefixed {@code neo4j-embedded: }</li>
 *   <li>exit 2: bad arguments; exit 1: startup failure; exit 0: clean shutdown
 *       (SIGTERM, SIGINT or end of stdin)</li>
 *   <li>end of stdin (the parent closed the pipe or died) shuts the database down</li>
 * </ul>
 */
public final class EmbeddedNeo4j {

    private static final String PREFIX = "neo4j-embedded: ";
    private static final String HOST = "127.0.0.1";
    private static final long AVAILABLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);
    private static final long BOLT_WAIT_MS = TimeUnit.SECONDS.toMillis(60);
    private static final long HOOK_STARTUP_WAIT_S = 300;
    private static final String USER = "neo4j";
    /** Neo4j's own default for dbms.security.auth_minimum_password_length. */
    private static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_PASSWORD_BYTES = 1024;

    /** The real stdout/stderr, kept before System.out/err are pointed at a log file. */
    private static final PrintStream REAL_OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private static final PrintStream REAL_ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private static volatile DatabaseManagementService service;
    private static volatile boolean shuttingDown;
    private static final CountDownLatch STARTUP_DONE = new CountDownLatch(1);

    private EmbeddedNeo4j() {}

    /** Thrown for command-line problems (exit 2). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Thrown for startup problems (exit 1). */
    static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }

    /**
     * {@code pagecacheBytes}: Neo4j's page cache; {@code transactionMemoryMaxBytes}: the most memory
     * one transaction may take (db.memory.transaction.max), so one query cannot take the heap.
     */
    record Options(Path dataDir, int port, boolean watchStdin, long pagecacheBytes, long transactionMemoryMaxBytes) {}

    static final long DEFAULT_PAGECACHE_BYTES = ByteUnit.mebiBytes(256);
    /** 0: no limit of its own, Neo4j's default. */
    static final long DEFAULT_TRANSACTION_MEMORY_MAX_BYTES = 0;
    static final String USAGE = "usage: --data-dir <path> --port <1-65535> [--pagecache <size>] [--transaction-memory-max <size>] [--no-stdin-watch]";

    /** What run() needs: the parsed arguments and the password read from stdin. */
    record Launch(Options options, String password) {}

    public static void main(String[] args) {
        Options options;
        String password;
        try {
            options = parseArgs(args);
            password = readPassword(System.in);
        } catch (UsageException e) {
            REAL_ERR.println(PREFIX + e.getMessage());
            System.exit(2);
            return;
        }
        installShutdownHook();
        installSignalHandlers();
        if (options.watchStdin()) {
            startStdinWatcher();
        }
        try {
            run(new Launch(options, password));
        } catch (StartupException e) {
            fail(e.getMessage());
        } catch (Throwable t) {
            if (isAddressInUse(t)) {
                // the port was taken between the pre-check and Neo4j binding it
                fail(portInUseMessage(options.port()));
            } else {
                fail("failed to start Neo4j: " + rootCauseMessage(t));
            }
        }
        // The main thread ends here; Neo4j's non-daemon threads keep the JVM alive
        // until a signal or end of stdin calls System.exit(0).
    }

    private static void fail(String message) {
        REAL_ERR.println(PREFIX + message);
        STARTUP_DONE.countDown();
        System.exit(1);
    }

    // ---------------------------------------------------------------- arguments

    static Options parseArgs(String[] args) throws UsageException {
        String dataDir = null;
        String port = null;
        boolean watchStdin = true;
        long pagecache = DEFAULT_PAGECACHE_BYTES;
        long transactionMemoryMax = DEFAULT_TRANSACTION_MEMORY_MAX_BYTES;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--data-dir":
                case "--port":
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException("missing value for " + name);
                        }
                        value = args[++i];
                    }
                    if (name.equals("--data-dir")) {
                        dataDir = value;
                    } else {
                        port = value;
                    }
                    break;
                case "--pagecache":
                case "--transaction-memory-max":
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException("missing value for " + name);
                        }
                        value = args[++i];
                    }
                    if (!value.matches("[0-9]+[kKmMgG]?")) {
                        throw new UsageException("invalid " + name + " '" + value + "': a size such as 512m or 2g");
                    }
                    if (name.equals("--pagecache")) {
                        pagecache = ByteUnit.parse(value);
                    } else {
                        transactionMemoryMax = ByteUnit.parse(value);
                    }
                    break;
                case "--no-stdin-watch":
                    if (value != null) {
                        throw new UsageException("--no-stdin-watch takes no value");
                    }
                    watchStdin = false;
                    break;
                default:
                    throw new UsageException("unknown argument '" + arg + "' (" + USAGE + ")");
            }
        }
        if (dataDir == null) {
            throw new UsageException("missing required argument --data-dir <path>");
        }
        if (dataDir.isBlank()) {
            throw new UsageException("--data-dir must not be empty");
        }
        if (port == null) {
            throw new UsageException("missing required argument --port <1-65535>");
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("invalid --port '" + port + "': not an integer");
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw new UsageException("invalid --port '" + port + "': must be between 1 and 65535");
        }
        Path path;
        try {
            path = Path.of(dataDir).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new UsageException("invalid --data-dir '" + dataDir + "': " + e.getMessage());
        }
        return new Options(path, portNumber, watchStdin, pagecache, transactionMemoryMax);
    }

    /**
     * Reads the first line of stdin, byte by byte so that nothing after it is consumed: the stdin
     * watcher goes on reading the same stream for its end.
     */
    static String readPassword(InputStream in) throws UsageException {
        byte[] line = new byte[MAX_PASSWORD_BYTES];
        int length = 0;
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new UsageException("stdin ended before the password line (the first line of stdin must be the password for user '" + USER + "')");
                }
                if (length == line.length) {
                    throw new UsageException("the password line on stdin is longer than " + MAX_PASSWORD_BYTES + " bytes");
                }
                line[length++] = (byte) b;
            }
        } catch (IOException e) {
            throw new UsageException("cannot read the password from stdin: " + describe(e));
        }
        String password = new String(line, 0, length, StandardCharsets.UTF_8).strip();
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new UsageException("the password on stdin must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    // ---------------------------------------------------------------- lifecycle

    private static void run(Launch launch) throws Exception {
        Path dataDir = launch.options().dataDir();
        int port = launch.options().port();

        checkPortFree(port);
        prepareDataDir(dataDir);
        redirectConsole(dataDir.resolve("logs").resolve("console.log"));
        boolean newStore = !Files.exists(dataDir.resolve("data").resolve("databases").resolve(GraphDatabaseSettings.SYSTEM_DATABASE_NAME));
        if (newStore) {
            writeInitialPassword(dataDir, launch.password());
        }

        DatabaseManagementService started = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // As the server's configuration asks (NEO4J_EMBEDDED_PAGECACHE, NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX).
                .setConfig(GraphDatabaseSettings.pagecache_memory, launch.options().pagecacheBytes())
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, launch.options().transactionMemoryMaxBytes())
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default 5 s quiet period per Bolt event-loop group (there are two) made
                // every shutdown take >10 s; the databases are already stopped at that point.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();
        service = started;
        try {
            if (shuttingDown) {
                return;
            }
            GraphDatabaseService db = started.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(AVAILABLE_TIMEOUT_MS)) {
                throw new StartupException("database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                        + "' did not become available within " + AVAILABLE_TIMEOUT_MS / 1000 + "s");
            }
            String[] component = neo4jComponent(db);
            setPassword(started, launch.password());
            waitForBolt(port);
            if (shuttingDown) {
                return;
            }
            REAL_OUT.println("NEO4J_READY bolt://" + HOST + ":" + port
                    + " version=" + component[0] + " edition=" + component[1]);
            REAL_OUT.flush();
        } finally {
            STARTUP_DONE.countDown();
        }
    }

    /**
     * A new store takes its first password from data/dbms/auth.ini (what {@code neo4j-admin dbms
     * set-initial-password} writes), so Bolt never accepts the default neo4j/neo4j, not even in the
     * moment between the connector opening and {@link #setPassword} running.
     */
    private static void writeInitialPassword(Path dataDir, String password) throws StartupException {
        org.neo4j.configuration.Config config = org.neo4j.configuration.Config.newBuilder()
                .set(GraphDatabaseSettings.neo4j_home, dataDir)
                .build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            fs.mkdirs(file.getParent());
            if (fs.fileExists(file)) {
                fs.deleteFile(file);
            }
            FileUserRepository users = new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            users.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            users.create(new User(USER, null, credential, false, false));
            users.shutdown();
        } catch (Exception e) {
            throw new StartupException("cannot write the initial password file " + file + ": " + rootCauseMessage(e));
        }
    }

    /**
     * An existing store keeps the password of its previous run; this run's replaces it. Neo4j
     * refuses to "change" a password to the one it already has (a new store, or a restart by the
     * same parent), which is the outcome we want, so that refusal is not an error.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) throws StartupException {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            String message = rootCauseMessage(e);
            if (!message.contains("Old password and new password cannot be the same")) {
                throw new StartupException("cannot set the password of user '" + USER + "': " + message);
            }
        }
    }

    private static void prepareDataDir(Path dataDir) throws StartupException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("data directory " + dataDir + " cannot be created: " + describe(e));
        }
        if (!Files.isDirectory(dataDir)) {
            throw new StartupException("data directory " + dataDir + " is not a directory");
        }
        Path probe = dataDir.resolve(".write-probe-" + ProcessHandle.current().pid());
        try {
            Files.writeString(probe, "ok", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.delete(probe);
            Files.createDirectories(dataDir.resolve("logs"));
        } catch (IOException | RuntimeException e) {
            throw new StartupException("data directory " + dataDir + " is not writable: " + describe(e));
        }
    }

    private static void checkPortFree(int port) throws StartupException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (BindException e) {
            throw new StartupException(portInUseMessage(port));
        } catch (IOException e) {
            throw new StartupException("cannot bind port " + port + " on " + HOST + ": " + describe(e));
        }
    }

    /** Points System.out/System.err at a log file so nothing but the ready line reaches stdout. */
    private static void redirectConsole(Path file) throws StartupException {
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
            System.setOut(console);
            System.setErr(console);
        } catch (IOException e) {
            throw new StartupException("data directory is not writable: cannot open " + file + ": " + describe(e));
        }
    }

    /** Returns {version, edition} of the "Neo4j Kernel" component. */
    private static String[] neo4jComponent(GraphDatabaseService db) {
        return db.executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
                Map.of(),
                result -> {
                    String version = "unknown";
                    String edition = "unknown";
                    while (result.hasNext()) {
                        Map<String, Object> row = result.next();
                        if (!"Neo4j Kernel".equals(row.get("name"))) {
                            continue;
                        }
                        Object versions = row.get("versions");
                        if (versions instanceof List<?> list && !list.isEmpty()) {
                            version = String.valueOf(list.get(0));
                        }
                        edition = String.valueOf(row.get("edition")).toLowerCase(Locale.ROOT);
                    }
                    return new String[] {version, edition};
                });
    }

    private static void waitForBolt(int port) throws StartupException {
        long deadline = System.currentTimeMillis() + BOLT_WAIT_MS;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 1000);
                return;
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new StartupException("Bolt connector did not start listening on " + HOST + ":" + port
                + (last == null ? "" : ": " + describe(last)));
    }

    // ---------------------------------------------------------------- shutdown

    private static void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            try {
                // If startup is still running, let it finish so the store is closed cleanly.
                STARTUP_DONE.await(HOOK_STARTUP_WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DatabaseManagementService s = service;
            service = null;
            if (s != null) {
                try {
                    s.shutdown();
                } catch (Throwable t) {
                    REAL_ERR.println(PREFIX + "error during shutdown: " + rootCauseMessage(t));
                    Runtime.getRuntime().halt(1);
                }
            }
        }, "neo4j-embedded-shutdown"));
    }

    /** SIGTERM/SIGINT exit with status 0 (the JVM default would be 143/130) after the hook ran. */
    @SuppressWarnings("restriction")
    private static void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> requestExit());
            } catch (Throwable ignored) {
                // signal not available on this platform: the JVM default handler stays
            }
        }
    }

    private static void requestExit() {
        // System.exit blocks the calling thread while shutdown hooks run; call it from a
        // fresh thread so a second signal does not get stuck behind the first.
        Thread t = new Thread(() -> System.exit(0), "neo4j-embedded-exit");
        t.setDaemon(true);
        t.start();
    }

    /** Exits when stdin reaches end-of-file, i.e. the parent process closed the pipe or died. */
    private static void startStdinWatcher() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[1024];
            try {
                while (in.read(buffer) >= 0) {
                    // input is ignored; only end-of-file matters
                }
            } catch (IOException ignored) {
                // treat a broken stdin like end-of-file
            }
            if (STARTUP_DONE.getCount() > 0) {
                REAL_ERR.println(PREFIX + "stdin closed during startup, shutting down"
                        + " (stdin must stay open; use --no-stdin-watch when there is no parent pipe)");
            }
            requestExit();
        }, "neo4j-embedded-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    // ---------------------------------------------------------------- messages

    static String portInUseMessage(int port) {
        return "port " + port + " on " + HOST + " is already in use";
    }

    private static boolean isAddressInUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (c instanceof BindException || (m != null && m.contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    static String rootCauseMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(root);
        String top = t.getMessage();
        if (root != t && top != null && !top.isBlank() && !message.contains(top.strip())) {
            message = oneLine(top) + " (cause: " + message + ")";
        }
        return message;
    }

    private static String describe(Throwable t) {
        if (t instanceof java.nio.file.FileSystemException fse) {
            String reason = fse.getReason();
            String file = fse.getFile();
            String what;
            if (t instanceof java.nio.file.AccessDeniedException) {
                what = "permission denied";
            } else if (t instanceof java.nio.file.FileAlreadyExistsException) {
                what = "exists and is not a directory";
            } else if (t instanceof java.nio.file.NoSuchFileException) {
                what = "no such file or directory";
            } else if (t instanceof java.nio.file.NotDirectoryException) {
                what = "not a directory";
            } else {
                what = reason != null && !reason.isBlank() ? reason : t.getClass().getSimpleName();
            }
            return file == null ? what : file + ": " + oneLine(what);
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
