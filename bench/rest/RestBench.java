import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Args: api-base management-base tokens-file server-pid rate seconds warm-up-seconds ramp(0|1) soak-seconds
 */
public class RestBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final int[] RAMP = {500, 1000, 1500, 2000, 3000, 4000, 6000, 8000};

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

        System.out.printf("warm-up: %d s at %d requests/s spread over every endpoint%n", warmup, rate);
        for (String endpoint : endpoints) {
            run(endpoint, rate, Math.max(1, warmup / endpoints.size()));
        }
        System.out.printf("%nfixed rate: %d requests/s for %d s each, latency from the due time%n", rate, seconds);
        System.out.println("| endpoint | offered | answered 2xx | other | p50 ms | p99 ms | max ms | server CPU per request "
                + "| PostgreSQL CPU per request |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String endpoint : endpoints) {
            System.out.println(run(endpoint, rate, seconds).row(endpoint));
        }
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
                    failed = String.format("%d (p99 %.0f ms, %.1f %%)", step, result.percentile(0.99),
                            100.0 * result.ok() / result.offered());
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
        return new Result(total, ok.get(), other.get(), latencies, cpu, postgresCpuMillis() - databaseCpuBefore);
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

    record Result(int offered, int ok, int other, long[] latencies, long cpuMillis, long databaseCpuMillis) {

        double percentile(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        String row(String endpoint) {
            return String.format("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.2f ms | %.2f ms |", endpoint, offered, ok,
                    other, percentile(0.5), percentile(0.99), percentile(1.0), (double) cpuMillis / offered,
                    (double) databaseCpuMillis / offered);
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

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
