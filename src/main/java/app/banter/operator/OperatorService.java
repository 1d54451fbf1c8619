package app.banter.operator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.operator.AuditLog.Action;
import app.banter.payment.PurchaseReview;
import app.banter.payment.PurchaseReview.AnomalyResolution;
import app.banter.payment.PurchaseReview.Resolution;
import app.banter.platform.error.ApiException;
import app.banter.user.StaffDirectory;
import app.banter.user.StaffUserView;

/**
 * Operator actions, each one transaction with its audit entry. A repeat that changes nothing (granting a role held,
 * resolving a resolved purchase the same way) is answered but not audited again: the entry of the change stands.
 */
@ApplicationScoped
public class OperatorService {

    private final StaffDirectory staff;
    private final PurchaseReview review;
    private final AuditLog audit;

    OperatorService(StaffDirectory staff, PurchaseReview review, AuditLog audit) {
        this.staff = staff;
        this.review = review;
        this.audit = audit;
    }

    /** A lookup reads personal data, so it is audited too. */
    @Transactional
    public StaffUserView lookUp(UUID operatorId, UUID userId) {
        StaffUserView user = staff.byId(userId).orElseThrow(() -> ApiException.notFound("User"));
        audit.record(operatorId, Action.USER_LOOKED_UP, "USER", user.id(), null, Map.of("by", "id"));
        return user;
    }

    @Transactional
    public StaffUserView lookUpByUsername(UUID operatorId, String username) {
        StaffUserView user = staff.byUsername(username).orElseThrow(() -> ApiException.notFound("User"));
        audit.record(operatorId, Action.USER_LOOKED_UP, "USER", user.id(), null, Map.of("by", "username"));
        return user;
    }

    @Transactional
    public RoleChangeView grant(UUID operatorId, UUID userId, String role, String reason) {
        boolean changed = staff.grant(userId, role);
        if (changed) {
            audit.record(operatorId, Action.ROLE_GRANTED, "USER", userId, reason, Map.of("role", role));
        }
        return roles(userId, changed);
    }

    @Transactional
    public RoleChangeView revoke(UUID operatorId, UUID userId, String role, String reason) {
        boolean changed = staff.revoke(userId, role);
        if (changed) {
            audit.record(operatorId, Action.ROLE_REVOKED, "USER", userId, reason, Map.of("role", role));
        }
        return roles(userId, changed);
    }

    @Transactional
    public Resolution resolvePurchase(UUID operatorId, UUID purchaseId, OperatorRequests.PurchaseDecision decision,
            String reason) {
        Resolution resolution = switch (decision) {
            case CREDIT -> review.credit(purchaseId, operatorId);
            case REFUND -> review.refund(purchaseId, operatorId);
        };
        if (resolution.changed()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("userId", resolution.userId());
            details.put("status", resolution.status());
            if (decision == OperatorRequests.PurchaseDecision.CREDIT) {
                details.put("coins", resolution.coinsCredited());
            } else {
                details.put("refundId", resolution.refundId());
                details.put("refundedPaise", resolution.refundedPaise());
            }
            audit.record(operatorId, decision == OperatorRequests.PurchaseDecision.CREDIT ? Action.PURCHASE_CREDITED
                    : Action.PURCHASE_REFUNDED, "PURCHASE", purchaseId, reason, details);
        }
        return resolution;
    }

    @Transactional
    public AnomalyResolution dismissAnomaly(UUID operatorId, UUID anomalyId, String reason) {
        AnomalyResolution resolution = review.dismiss(anomalyId, operatorId);
        if (resolution.changed()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", resolution.anomaly().kind());
            if (resolution.anomaly().purchaseId() != null) {
                details.put("purchaseId", resolution.anomaly().purchaseId());
            }
            audit.record(operatorId, Action.ANOMALY_DISMISSED, "ANOMALY", anomalyId, reason, details);
        }
        return resolution;
    }

    private RoleChangeView roles(UUID userId, boolean changed) {
        StaffUserView user = staff.byId(userId).orElseThrow(() -> ApiException.notFound("User"));
        return new RoleChangeView(userId, user.roles(), changed);
    }

    /** {@code changed}: false when the user already had (or already lacked) the role. */
    public record RoleChangeView(UUID userId, java.util.List<String> roles, boolean changed) {
    }
}
