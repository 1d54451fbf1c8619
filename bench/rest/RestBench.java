import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * An open-model load generator for the REST API (JDK only, run as a source file by run.sh): requests leave at a fixed
 * rate by the clock, whatever the service answers, and each latency is measured from the moment its request was due,
 * not from when it could be sent. A slow service therefore shows as latency, not as a lower offered rate (no
 * coordinated omission). At most 1,024 requests are in flight; a request waiting for a slot counts its wait.
 *
 * Args: api-base management-base tokens-file server-pid rate seconds most-warm-up-seconds ramp(0|1) soak-seconds
 */
public class RestBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    // Far enough for the health endpoint's own ceiling to be measured, not the ramp's end (it held 16,000 on a fast
    // machine): the target is half of it. 10,000 between 8,000 and 12,000, where the reads' ceiling was on that
    // machine.
    static final int[] RAMP = {500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000, 20000, 24000, 32000};
    static final int WARM_UP_ROUND_SECONDS = 10;

    static String api;
    static String management;
    static List<String[]> users;
    static long serverPid;
    static long databasePid;

    public static void main(String[] args) throws Exception {
        api = args[0];
        management = args[1];
        users = Files.readAllLines(Path.of(args[2])).stream().map(l -> l.split(" ")).toList();
        serverPid = Long.parseLong(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        boolean ramp = "1".equals(args[7]);
        int soak = Integer.parseInt(args[8]);
        databasePid = Long.parseLong(args[9]);
        List<String> endpoints = List.of("health", "me", "wallet", "conversations", "messages");

        warmUp(endpoints, rate, warmup);
        System.out.printf("%nfixed rate: %d requests/s for %d s each, latency from the due time%n", rate, seconds);
        System.out.println("| endpoint | offered | answered 2xx | other | p50 ms | p99 ms | max ms | server CPU per request "
                + "| PostgreSQL CPU per request | bench client CPU per request |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> bySecond = new ArrayList<>();
        for (String endpoint : endpoints) {
            Result result = run(endpoint, rate, seconds);
            System.out.println(result.row(endpoint));
            bySecond.add(endpoint + ": " + result.p99BySecond(rate));
        }
        System.out.println("p99 ms of each second, in order (a tail in the first seconds only is the JIT or the "
                + "GC catching up; spread over the phase, it is the service's):");
        bySecond.forEach(line -> System.out.println("  " + line));
        if (ramp) {
            ramp(endpoints);
        }
        if (soak > 0) {
            System.out.printf("%nsoak: %d s at %d requests/s, each request to a random endpoint of the five%n", soak,
                    rate);
            System.out.println(run("mix", rate, soak).row("mix"));
            System.out.printf("server RSS after the soak: %d MiB%n", rssMib(serverPid));
        }
    }

    /**
     * Offers the rate to every endpoint in turn, {@link #WARM_UP_ROUND_SECONDS} each, round after round, until a round
     * in which the service's JIT compiler threads used under 2 % of a core (or the warm-up's {@code maxSeconds} are
     * over). A fixed warm-up left the JIT compiling into the measured phases: the first seconds of a phase then had a
     * p99 of hundreds of milliseconds and the rest of it single digits, so the figure measured how far the JIT had
     * got, not the service. The production image is native and has no JIT to wait for.
     */
    static void warmUp(List<String> endpoints, int rate, int maxSeconds) throws Exception {
        System.out.printf("warm-up: every endpoint in turn at %d requests/s, %d s each, until a round in which the "
                + "JIT compiler used under 2 %% of a core (at most %d s)%n", rate, WARM_UP_ROUND_SECONDS, maxSeconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        for (int round = 1;; round++) {
            long jitBefore = jitCpuMillis(serverPid);
            long start = System.nanoTime();
            for (String endpoint : endpoints) {
                run(endpoint, rate, WARM_UP_ROUND_SECONDS);
            }
            long jit = jitCpuMillis(serverPid) - jitBefore;
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean quiet = jit < 0.02 * elapsed;
            System.out.printf("  round %d: %.1f s, JIT compiler %.1f %% of a core%s%n", round, elapsed / 1000.0,
                    100.0 * jit / elapsed, quiet ? ": warm" : "");
            if (quiet || System.nanoTime() > deadline) {
                return;
            }
        }
    }

    static void ramp(List<String> endpoints) throws Exception {
        System.out.printf("%nsustained rate: the highest of %s requests/s (10 s each) at which at least 99 %% were "
                + "answered 2xx and p99 stayed under 100 ms%n", Arrays.toString(RAMP));
        System.out.println("| endpoint | sustained requests/s | first rate that failed (p99 ms, 2xx share) |");
        System.out.println("| --- | ---: | --- |");
        for (String endpoint : endpoints) {
            int sustained = 0;
            String failed = "none up to " + RAMP[RAMP.length - 1];
            for (int step : RAMP) {
                Result result = run(endpoint, step, 10);
                if (result.ok() < 0.99 * result.offered() || result.percentile(0.99) >= 100) {
                    // The two cores' use at that rate: the service's, PostgreSQL's and this client's own.
                    failed = String.format("%d (p99 %.0f ms, %.1f %%; cores used: service %.2f, PostgreSQL %.2f, "
                            + "client %.2f)", step, result.percentile(0.99), 100.0 * result.ok() / result.offered(),
                            result.cpuMillis() / 10_000.0, result.databaseCpuMillis() / 10_000.0,
                            result.clientCpuMillis() / 10_000.0);
                    break;
                }
                sustained = step;
            }
            System.out.printf("| %s | %d | %s |%n", endpoint, sustained, failed);
        }
    }

    /** Offers {@code rate} requests/s of one endpoint for {@code seconds} s, by the clock. */
    static Result run(String endpoint, int rate, int seconds) throws Exception {
        settle();
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        Semaphore inFlight = new Semaphore(1024);
        long cpuBefore = cpuMillis(serverPid);
        long databaseCpuBefore = postgresCpuMillis();
        long clientCpuBefore = cpuMillis(ProcessHandle.current().pid());
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            int index = i;
            HTTP.sendAsync(request(endpoint), HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
                latencies[index] = System.nanoTime() - due;
                if (e == null && response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else if (other.incrementAndGet() == 1) {
                    System.out.println("  first refusal on " + endpoint + ": "
                            + (e != null ? e : Integer.toString(response.statusCode())));
                }
                inFlight.release();
                answered.countDown();
            });
        }
        answered.await(60, TimeUnit.SECONDS);
        long cpu = cpuMillis(serverPid) - cpuBefore;
        return new Result(total, ok.get(), other.get(), latencies, cpu, postgresCpuMillis() - databaseCpuBefore,
                cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore);
    }

    static HttpRequest request(String endpoint) {
        if (endpoint.equals("mix")) {
            List<String> all = List.of("health", "me", "wallet", "conversations", "messages");
            return request(all.get(ThreadLocalRandom.current().nextInt(all.size())));
        }
        int from = ThreadLocalRandom.current().nextInt(users.size());
        String[] user = users.get(from);
        if (endpoint.equals("health")) {
            return HttpRequest.newBuilder(URI.create(management + "/q/health/live")).build();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder().header("Authorization", "Bearer " + user[1]);
        return switch (endpoint) {
            case "me" -> request.uri(URI.create(api + "/api/v1/me")).build();
            case "wallet" -> request.uri(URI.create(api + "/api/v1/wallet")).build();
            case "conversations" -> request.uri(URI.create(api + "/api/v1/conversations")).build();
            case "messages" -> {
                // Anyone but the sender: everyone's DMs are open.
                String to = users.get((from + 1 + ThreadLocalRandom.current().nextInt(users.size() - 1))
                        % users.size())[0];
                yield request.uri(URI.create(api + "/api/v1/messages")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"recipientId\":\"" + to + "\",\"text\":\"bench\"}")).build();
            }
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    record Result(int offered, int ok, int other, long[] latencies, long cpuMillis, long databaseCpuMillis,
            long clientCpuMillis) {

        /** The p99 of each second's requests, by when they were due. */
        String p99BySecond(int rate) {
            StringBuilder line = new StringBuilder();
            for (int from = 0; from + rate <= latencies.length; from += rate) {
                long[] second = Arrays.copyOfRange(latencies, from, from + rate);
                line.append(line.isEmpty() ? "" : " ").append(Math.round(percentileOf(second, 0.99)));
            }
            return line.toString();
        }

        double percentile(double p) {
            return percentileOf(latencies.clone(), p);
        }

        /** The percentile of these latencies in milliseconds; sorts them in place. */
        static double percentileOf(long[] latencies, double p) {
            Arrays.sort(latencies);
            return latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] / 1e6;
        }

        String row(String endpoint) {
            return String.format("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.2f ms | %.2f ms | %.2f ms |", endpoint,
                    offered, ok, other, percentile(0.5), percentile(0.99), percentile(1.0),
                    (double) cpuMillis / offered, (double) databaseCpuMillis / offered,
                    (double) clientCpuMillis / offered);
        }
    }

    static long rssMib(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1024;
    }

    /**
     * Waits (at most 60 s) until the server has used under a tenth of a core for a second: work a phase leaves behind
     * (the push notifications of thousands of messages, drained after their requests were answered) would otherwise be
     * counted in the next phase's latency and CPU.
     */
    static void settle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long before = cpuMillis(serverPid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = cpuMillis(serverPid);
            if (now - before < 100) {
                return;
            }
            before = now;
        }
    }

    /**
     * CPU used so far by the bench's PostgreSQL: its postmaster and the backends now running (a backend that exits takes
     * its CPU with it; the pool's live on). As bench/matching measures it.
     */
    static long postgresCpuMillis() {
        return ProcessHandle.of(databasePid).stream()
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.children()))
                .mapToLong(process -> {
                    try {
                        return cpuMillis(process.pid());
                    } catch (Exception gone) {
                        return 0;
                    }
                }).sum();
    }

    /** CPU used so far by the service's JIT compiler threads (C1 and C2), from /proc/PID/task. */
    static long jitCpuMillis(long pid) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.mapToLong(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")
                            ? ticksMillis(stat) : 0;
                } catch (Exception gone) {
                    return 0;
                }
            }).sum();
        }
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        return ticksMillis(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** User plus system CPU time from a /proc stat line. */
    static long ticksMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
