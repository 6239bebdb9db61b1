// Jest loads CommonJS packages (@nestjs/throttler) into the ES module graph while linking it;
// one that requires an ES module still being linked (@nestjs/common) fails as a "cycle".
// Loading Nest's ES modules completely before each test file avoids that.
import '@nestjs/common';
import '@nestjs/core';
