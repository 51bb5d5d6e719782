"""Report engine: ROI figures per channel, campaign and goal, and the charts drawn from them (no Qt)."""
