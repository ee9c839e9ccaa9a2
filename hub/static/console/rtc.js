// The teller's side of the WebRTC call: offer from the browser, answer from the terminal.
// aiortc does not trickle candidates, so the offer waits (briefly) for ICE gathering.

// The teller's camera and microphone, opened once at sign-in so that accepting a call does
// not wait for the devices (and the teller sees their own preview while waiting).
export async function openLocalMedia(localVideo) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  localVideo.srcObject = stream;
  return stream;
}

export class CallMedia {
  constructor(iceServers, remoteVideo, local) {
    this.iceServers = iceServers || [];
    this.remoteVideo = remoteVideo;
    this.local = local;
    this.pc = null;
    this.onstate = () => {};
  }

  async offer() {
    this.close();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    pc.onconnectionstatechange = () => this.onstate(pc.connectionState);
    pc.ontrack = (e) => {
      if (e.track.kind === "video") this.remoteVideo.srcObject = e.streams[0] || new MediaStream([e.track]);
      else if (this.remoteVideo.srcObject) this.remoteVideo.srcObject.addTrack(e.track);
    };
    for (const track of this.local.getTracks()) pc.addTrack(track, this.local);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      const timer = setTimeout(resolve, 2000);
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState === "complete") { clearTimeout(timer); resolve(); }
      });
    });
    return pc.localDescription.sdp;
  }

  async answer(sdp) {
    if (this.pc) await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  setMuted(muted) {
    for (const t of this.local ? this.local.getAudioTracks() : []) t.enabled = !muted;
  }

  setCamera(on) {
    for (const t of this.local ? this.local.getVideoTracks() : []) t.enabled = on;
  }

  // Frames decoded from the terminal's camera (inbound video), for the status and tests.
  async framesDecoded() {
    if (!this.pc) return 0;
    let n = 0;
    (await this.pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "video") n += r.framesDecoded || 0;
    });
    return n;
  }

  close() {
    if (this.pc) { this.pc.close(); this.pc = null; }
    this.remoteVideo.srcObject = null;
  }
}
