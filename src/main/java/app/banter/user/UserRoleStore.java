package app.banter.user;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.platform.NativeQueries;

/** Who holds a staff role, read under row locks. */
@ApplicationScoped
class UserRoleStore {

    private final EntityManager em;

    UserRoleStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Locks and returns the active users holding the role. Two admins revoking each other at once both wait here, and
     * the second sees the first's change (PostgreSQL re-checks a locked row against the WHERE clause), so the last
     * admin can never be removed.
     */
    List<UUID> lockHolders(String role) {
        return NativeQueries.uuids(em.createNativeQuery("""
                select id from users where ?1 = any(roles) and status = 'ACTIVE' order by id for update""")
                .setParameter(1, role));
    }
}
