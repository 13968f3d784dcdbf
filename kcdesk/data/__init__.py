"""Everything that touches disk or network: store, price sources, cache, CSV, paths. No Qt."""
