/* The policy a libFuzzer harness runs with: $VARTA_FUZZ_POLICY, or the
 * shipped validators/national-guard.policy (scripts/fuzz runs from the
 * checkout).  Aborts with `harness: policy: why` when it cannot be loaded,
 * so a broken set-up is never mistaken for a clean fuzzing run.  The
 * policy lives for the whole process (never freed). */
#ifndef VARTA_FUZZ_SHIPPED_POLICY_H
#define VARTA_FUZZ_SHIPPED_POLICY_H

#include <stdio.h>
#include <stdlib.h>

#include "policy.h"

static policy *fuzz_shipped_policy(const char *harness)
{
    const char *path = getenv("VARTA_FUZZ_POLICY");
    char err[256];
    policy *p = policy_load(path ? path : "validators/national-guard.policy", err, sizeof err);
    if (p == NULL) {
        fprintf(stderr, "%s: policy: %s\n", harness, err);
        abort();
    }
    return p;
}

#endif
