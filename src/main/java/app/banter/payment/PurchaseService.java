package app.banter.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import app.banter.payment.CoinPackages.CoinPackageView;
import app.banter.payment.PaymentViews.OrderView;
import app.banter.payment.PaymentViews.PurchaseView;
import app.banter.payment.razorpay.RazorpayConfig;
import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.CreateOrder;
import app.banter.payment.razorpay.RazorpayModel.Order;
import app.banter.payment.razorpay.RazorpaySignatures;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.TimeCursor;
import app.banter.platform.paging.Page;
import app.banter.platform.ratelimit.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Buying coins: our purchase first, then Razorpay's order, each step in its own transaction so that a failure
 * between them leaves a PENDING purchase that a retry with the same Idempotency-Key completes; one key makes one
 * Razorpay order, however many requests carry it at once.
 */
@ApplicationScoped
public class PurchaseService {

    private final PurchaseRepository purchases;
    private final CoinPackages packages;
    private final RazorpayGateway razorpay;
    private final RazorpaySignatures signatures;
    private final PaymentSettlement settlement;
    private final PaymentConfig config;
    private final RazorpayConfig razorpayConfig;
    private final RateLimiter rateLimiter;

    /** How long past Razorpay's own timeouts an order's lease lasts, and a waiting request waits beyond it. */
    private static final Duration ORDER_LEASE_MARGIN = Duration.ofSeconds(5);
    private static final Duration ORDER_POLL = Duration.ofMillis(100);

    PurchaseService(PurchaseRepository purchases, CoinPackages packages, RazorpayGateway razorpay,
            RazorpaySignatures signatures, PaymentSettlement settlement, PaymentConfig config,
            RazorpayConfig razorpayConfig, RateLimiter rateLimiter) {
        this.purchases = purchases;
        this.packages = packages;
        this.razorpay = razorpay;
        this.signatures = signatures;
        this.settlement = settlement;
        this.config = config;
        this.razorpayConfig = razorpayConfig;
        this.rateLimiter = rateLimiter;
    }

    public OrderView createOrder(UUID userId, String packageId, String idempotencyKey) {
        CoinPackageView coinPackage = packages.find(packageId)
                .orElseThrow(() -> ApiException.badRequest("UNKNOWN_PACKAGE", "No coin package '" + packageId + "'"));
        Purchase purchase = pendingPurchase(userId, idempotencyKey, coinPackage);
        if (purchase.status != Purchase.Status.PENDING) {
            return view(purchase);
        }
        return view(orderFor(purchase.id));
    }

    /** Checkout's callback: a valid signature proves payment of the order; credits coins unless already done. */
    public PurchaseView verifyCheckout(UUID userId, String orderId, String paymentId, String signature) {
        if (!signatures.isValidCheckout(orderId, paymentId, signature)) {
            throw ApiException.badRequest("INVALID_SIGNATURE", "The payment signature does not match");
        }
        return PurchaseView.of(settlement.settleVerifiedCheckout(userId, orderId, paymentId));
    }

    @Transactional
    public PurchaseView purchase(UUID userId, UUID purchaseId) {
        return PurchaseView.of(purchases.findOwned(userId, purchaseId)
                .orElseThrow(() -> ApiException.notFound("Purchase")));
    }

    @Transactional
    public Page<PurchaseView> purchases(UUID userId, String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<Purchase> rows = purchases.pageOf(userId, position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        return Page.of(rows, limit, PurchaseView::of, p -> new TimeCursor(p.createdAt, p.id).encode());
    }

    private Purchase pendingPurchase(UUID userId, String key, CoinPackageView coinPackage) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> findOrCreatePending(userId, key, coinPackage));
        } catch (PersistenceException raced) {
            // The same key arrived twice at once and the other request inserted first: answer with its purchase.
            return QuarkusTransaction.requiringNew().call(() -> findOrCreatePending(userId, key, coinPackage));
        }
    }

    private Purchase findOrCreatePending(UUID userId, String key, CoinPackageView coinPackage) {
        Purchase existing = purchases.findByIdempotencyKey(userId, key).orElse(null);
        if (existing != null) {
            if (!existing.packageId.equals(coinPackage.id())) {
                throw ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used for a different package");
            }
            return existing;
        }
        Instant now = Instant.now();
        Purchase purchase = new Purchase();
        purchase.id = UUID.randomUUID();
        purchase.userId = userId;
        purchase.idempotencyKey = key;
        purchase.packageId = coinPackage.id();
        purchase.coins = coinPackage.coins();
        purchase.amountPaise = coinPackage.pricePaise();
        purchase.currency = coinPackage.currency();
        purchase.status = Purchase.Status.PENDING;
        purchase.reconcileAfter = now.plus(config.reconciler().settleAfter());
        purchase.createdAt = now;
        purchase.updatedAt = now;
        purchases.persistAndFlush(purchase);
        // Counted once the insert stands, so that only new purchases count: a retry with this key, even one racing
        // the first request, finds the purchase (or fails on its key and then finds it) and never gets here. A
        // refusal rolls the purchase back.
        rateLimiter.acquire("coin-orders", userId.toString(),
                new RateLimiter.Limit(config.ordersPerHour(), Duration.ofHours(1)));
        return purchase;
    }

    /**
     * Razorpay's create-order takes no idempotency key, so one request at a time may ask it for a purchase's order: the
     * one that leases the pending purchase. It asks with no transaction open, so a slow Razorpay holds no database
     * connection or row lock; concurrent requests with the same key, on any pod, poll the row without holding either,
     * and answer the order the first made. Should Razorpay fail, the lease is given back and the purchase stays
     * PENDING for a retry. Should the pod die after Razorpay answered, Razorpay keeps an order nobody can pay (the app
     * never saw its id), and a retry once the lease has lapsed makes another.
     */
    private Purchase orderFor(UUID purchaseId) {
        // Razorpay's connect and read timeouts both apply to one request.
        Duration lease = razorpayConfig.timeout().multipliedBy(2).plus(ORDER_LEASE_MARGIN);
        Instant giveUpAt = Instant.now().plus(lease).plus(ORDER_LEASE_MARGIN);
        while (true) {
            Instant now = Instant.now();
            if (QuarkusTransaction.requiringNew().call(() -> purchases.leaseForOrder(purchaseId, now, now.plus(lease)))) {
                return createOrderAtRazorpay(purchaseId);
            }
            Purchase purchase = QuarkusTransaction.requiringNew().call(() -> purchases.findById(purchaseId));
            if (purchase.status != Purchase.Status.PENDING) {
                return purchase;
            }
            if (now.isAfter(giveUpAt)) {
                throw new ApiException(503, "ORDER_BEING_CREATED", "The order is still being created; try again");
            }
            sleep(ORDER_POLL);
        }
    }

    private Purchase createOrderAtRazorpay(UUID purchaseId) {
        Purchase leased = QuarkusTransaction.requiringNew().call(() -> purchases.findById(purchaseId));
        Order order;
        try {
            order = razorpay.createOrder(new CreateOrder(leased.amountPaise, leased.currency, leased.id.toString(),
                    Map.of("purchase_id", leased.id.toString())));
        } catch (RuntimeException failed) {
            QuarkusTransaction.requiringNew().run(() -> purchases.releaseOrderLease(purchaseId));
            throw failed;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Purchase purchase = purchases.findById(purchaseId, LockModeType.PESSIMISTIC_WRITE);
            if (purchase.status == Purchase.Status.PENDING) {
                purchase.razorpayOrderId = order.id();
                purchase.status = Purchase.Status.CREATED;
                purchase.orderLeaseUntil = null;
                purchase.updatedAt = Instant.now();
            }
            return purchase;
        });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "ORDER_BEING_CREATED", "The order is still being created; try again");
        }
    }

    private OrderView view(Purchase p) {
        return new OrderView(p.id, p.razorpayOrderId, p.amountPaise, p.currency, razorpay.keyId(), p.packageId,
                p.coins, p.status);
    }
}
