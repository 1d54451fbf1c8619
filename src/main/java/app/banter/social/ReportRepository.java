package app.banter.social;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<Report, UUID> {

    /**
     * How many different people reported the user since {@code since}. Reports from before the user's last lift were
     * reviewed already and do not count again.
     */
    public long distinctReportersSince(UUID userId, Instant since) {
        return ((Number) getEntityManager().createNativeQuery("""
                select count(distinct reporter_id) from reports
                where reported_user_id = ?1 and created_at > greatest(?2, coalesce(
                    (select max(created_at) from moderation_actions where user_id = ?1 and action = 'LIFT'), ?2))""")
                .setParameter(1, userId).setParameter(2, since).getSingleResult()).longValue();
    }

    public List<Report> withStatus(Report.Status status, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("status", status);
        String query = "status = :status";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }
}
