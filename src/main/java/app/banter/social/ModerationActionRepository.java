package app.banter.social;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ModerationActionRepository implements PanacheRepositoryBase<ModerationAction, UUID> {
}
