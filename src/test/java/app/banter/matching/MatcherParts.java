package app.banter.matching;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import app.banter.call.MatchedCalls;
import app.banter.platform.lifecycle.StopBudget;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;
import app.banter.user.UserService;

/**
 * What a matcher is made of, for tests that run another one beside the application's, as another pod would: the
 * parts are stateless, so two matchers share nothing but Redis and PostgreSQL. A singleton, not a proxied bean, so
 * that tests can read the fields.
 */
@Singleton
class MatcherParts {

    @Inject
    MatchQueue queue;
    @Inject
    MatchStore store;
    @Inject
    Presence presence;
    @Inject
    MatchedCalls calls;
    @Inject
    UserService users;
    @Inject
    RealtimeEvents events;
    @Inject
    MatchMetrics metrics;
    @Inject
    MatchingConfig config;

    /** Another pod's matcher, with the application's settings. */
    Matcher anotherPod() {
        return new Matcher(queue, store, presence, calls, users, events, metrics, config, new StopBudget());
    }
}
