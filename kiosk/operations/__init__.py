"""Operations: Prometheus metrics, durable operations events for the hub, counters, history."""
