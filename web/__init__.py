"""web/: the front-desk app (`yushen serve`) — upload a proposal, read the verdict, hand back the 预审意见书."""
