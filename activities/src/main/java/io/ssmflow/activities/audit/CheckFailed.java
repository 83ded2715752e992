package io.ssmflow.activities.audit;

/** A check ran but its output allows no verdict (e.g. not allowed to read the config). */
final class CheckFailed extends Exception {
  CheckFailed(String message) {
    super(message, null, false, false);
  }
}
