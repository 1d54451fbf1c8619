package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Asking Razorpay for orders holds no database connection: a slow Razorpay cannot drain the pool. */
@QuarkusTest
class OrderCreationTest {

    @Inject
    DataSource database;

    @AfterEach
    void reset() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void whileRazorpayTakesItsTimeNoConnectionWaitsInATransaction() throws Exception {
        List<TestUser> buyers = IntStream.range(0, 5).mapToObj(i -> TestUsers.register()).toList();
        RazorpayStandIn.answerOrdersAfter(3000);
        int before = RazorpayStandIn.server().findAll(postRequestedFor(urlPathEqualTo("/v1/orders"))).size();
        CompletableFuture<List<Concurrently.Outcome<String>>> orders = CompletableFuture.supplyAsync(
                () -> Concurrently.run(buyers.size(), i -> PurchaseFlowTest.createOrder(buyers.get(i), "coins-100",
                        "k-" + UUID.randomUUID()).statusCode(200).extract().<String>path("orderId")));

        await().atMost(Duration.ofSeconds(20)).until(() -> RazorpayStandIn.server()
                .findAll(postRequestedFor(urlPathEqualTo("/v1/orders"))).size() == before + buyers.size());
        assertThat(purchaseTransactionsLeftOpen()).isZero();

        assertThat(orders.get(3, TimeUnit.MINUTES)).allSatisfy(outcome -> {
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.result()).startsWith("order_");
        });
    }

    /** Connections idle in a transaction whose last statement read or changed purchases. */
    private long purchaseTransactionsLeftOpen() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity "
                        + "where state like 'idle in transaction%' and query ilike '%purchases%'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
