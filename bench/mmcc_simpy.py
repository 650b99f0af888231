#!/usr/bin/python3
"""The M/M/c/c model of bench/sim.c in SimPy (Debian's python3-simpy, the
SimPy 2 API): Poisson arrivals at rate lam, exponential service of mean 1/mu,
c servers and no queue. Prints one line: requests, lost fraction, CPU seconds,
simulated requests per CPU-second.

Usage: mmcc_simpy.py REQUESTS C LAMBDA MU SEED"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, release, request, simulate


class Stats:
    arrived = 0
    lost = 0


class Customer(Process):
    def visit(self, server, mu, rng, stats):
        stats.arrived += 1
        if server.n == 0:       # every server busy: lost, as Lambda throttles
            stats.lost += 1
            return
        yield request, self, server
        yield hold, self, rng.expovariate(mu)
        yield release, self, server


class Source(Process):
    def generate(self, n, lam, mu, server, rng, stats):
        for _ in range(n):
            customer = Customer()
            activate(customer, customer.visit(server, mu, rng, stats))
            yield hold, self, rng.expovariate(lam)


def main():
    n, c, lam, mu, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    rng = random.Random(seed)
    stats = Stats()
    start = time.process_time()
    initialize()
    server = Resource(capacity=c, monitored=False)
    source = Source()
    activate(source, source.generate(n, lam, mu, server, rng, stats))
    simulate(until=n / lam * 2 + 100)
    cpu = time.process_time() - start
    print(f"{stats.arrived} {stats.lost / stats.arrived:.6f} {cpu:.4f} {stats.arrived / cpu:.1f}")


if __name__ == "__main__":
    main()
