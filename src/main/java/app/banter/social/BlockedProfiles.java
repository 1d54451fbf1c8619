package app.banter.social;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.user.HiddenProfiles;

/** A block, whichever way round, hides the two profiles from each other. */
@ApplicationScoped
public class BlockedProfiles implements HiddenProfiles {

    private final BlockRepository blocks;

    BlockedProfiles(BlockRepository blocks) {
        this.blocks = blocks;
    }

    @Override
    @Transactional
    public boolean areHiddenFromEachOther(UUID viewerId, UUID userId) {
        return blocks.existsEitherWay(viewerId, userId);
    }

    @Override
    @Transactional
    public Set<UUID> hiddenFrom(UUID viewerId) {
        return blocks.blockedEitherWay(viewerId);
    }
}
