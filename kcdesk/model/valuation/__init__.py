"""The valuation model: inputs, the transparent DCF, reverse DCF, sensitivity, peer-implied."""
