package io.xmcgan.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * With more than one replica only the holder of this lease reconciles; the others wait to take
 * over. Active in the prod profile ({@code
 * quarkus.operator-sdk.activate-leader-election-for-profiles}), the lease lives in the operator's
 * own namespace.
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {

  public static final String LEASE_NAME = "xmcgan-operator-lease";

  public LeaderElection() {
    super(LEASE_NAME);
  }
}
