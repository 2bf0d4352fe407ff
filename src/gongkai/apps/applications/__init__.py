"""Disclosure applications (依申请公开): intake, statutory deadlines, fees, replies, 复议 and 诉讼."""
