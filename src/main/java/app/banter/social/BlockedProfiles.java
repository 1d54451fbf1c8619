package app.banter.social;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.user.HiddenProfiles;

/**
 * A block, whichever way round, hides the two profiles from each other; a ban hides the banned user's from everyone, as
 * gifts treat a banned user as nobody.
 */
@ApplicationScoped
public class BlockedProfiles implements HiddenProfiles {

    private final BlockRepository blocks;
    private final UserStandingRepository standings;

    BlockedProfiles(BlockRepository blocks, UserStandingRepository standings) {
        this.blocks = blocks;
        this.standings = standings;
    }

    @Override
    @Transactional
    public boolean areHiddenFromEachOther(UUID viewerId, UUID userId) {
        return blocks.existsEitherWay(viewerId, userId);
    }

    @Override
    @Transactional
    public boolean isHiddenFromEveryone(UUID userId) {
        return standings.isBanned(userId);
    }

    @Override
    @Transactional
    public Set<UUID> hiddenFrom(UUID viewerId) {
        return blocks.blockedEitherWay(viewerId);
    }
}
