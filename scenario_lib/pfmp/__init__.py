"""pfmp"""
