"""Time of one training step of the candidates' 12-block teacher on this machine (2 threads, batch 32), at the token
counts a glyph task could have: what bounds a teacher to 15 minutes here. Run (session 28, idle machine):
    OMP_NUM_THREADS=2 python step_time.py
printed:
    16 4 tokens 17 164 ms/step -> 5485 steps in 15 min
    24 4 tokens 37 373 ms/step -> 2414 steps in 15 min
    16 2 tokens 65 594 ms/step -> 1516 steps in 15 min
and, with the 8-pixel patches of session 31's hop4 teacher (one glyph a token; idle machine):
    16 8 tokens 5 87 ms/step -> 10288 steps in 15 min"""
import torch, timm, time, torch.nn.functional as F
torch.set_num_threads(2)
for img, p in ((16,4),(24,4),(16,2),(16,8)):
    m = timm.create_model('vit_tiny_patch16_224', img_size=img, patch_size=p, in_chans=1, num_classes=100, drop_path_rate=0.1)
    opt = torch.optim.AdamW(m.parameters(), 1e-3)
    x = torch.randn(32,1,img,img); y = torch.randint(100,(32,))
    for i in range(25):
        if i == 5: t0 = time.time()
        loss = F.cross_entropy(m(x), y); opt.zero_grad(); loss.backward(); opt.step()
    dt = (time.time()-t0)/20; print(img, p, 'tokens', (img//p)**2+1, f'{dt*1000:.0f} ms/step -> {900/dt:.0f} steps in 15 min', flush=True)
